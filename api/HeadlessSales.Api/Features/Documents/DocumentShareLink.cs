using System.Security.Cryptography;
using System.Text;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Documents;

public enum ShareLinkStatus
{
    Active,
    Expired,
    Revoked,
}

/// <summary>
/// A document shared with one customer contact through an unguessable, expiring, revocable link. Only the token's
/// SHA-256 is kept: the link is shown once, to whoever made it (or in the notice of the rule that made it).
/// </summary>
public sealed class DocumentShareLink : ITenantOwned
{
    public const int DefaultLifetimeDays = 14;
    public const int MaxLifetimeDays = 90;

    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long DocumentId { get; init; }

    /// <summary>The customer contact the link was made for; their views count as theirs in rules.</summary>
    public long ContactId { get; init; }

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public required string TokenHash { get; init; }

    /// <summary>Who made it, as the audit log names actors (<c>member:12</c>), or <c>rule:7</c>.</summary>
    public required string CreatedBy { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public DateTime? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    /// <summary>The token, only on the instance that created it (never stored).</summary>
    public string? IssuedToken { get; private init; }

    public ShareLinkStatus StatusAt(DateTime now) =>
        RevokedAt is not null ? ShareLinkStatus.Revoked : ExpiresAt <= now ? ShareLinkStatus.Expired : ShareLinkStatus.Active;

    /// <summary>False when it was revoked already (revoking twice changes nothing).</summary>
    public bool Revoke(string by, DateTime at)
    {
        if (RevokedAt is not null)
        {
            return false;
        }

        RevokedAt = at;
        RevokedBy = by;
        return true;
    }

    /// <summary>A new link with a fresh 256-bit token; the caller adds it to the context.</summary>
    public static DocumentShareLink Issue(long tenantId, long documentId, long contactId, string createdBy, DateTime now, int lifetimeDays)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        return new DocumentShareLink
        {
            TenantId = tenantId,
            DocumentId = documentId,
            ContactId = contactId,
            TokenHash = HashOf(token),
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = now.AddDays(lifetimeDays),
            IssuedToken = token,
        };
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Tokens are 43 characters of base64url; anything else is not looked up.</summary>
    public static bool LooksLikeToken(string? token) => token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Built with the context: a link (and its views) is seen by whoever sees its document.</summary>
internal sealed class DocumentShareLinkConfiguration(SalesDbContext db) : IEntityTypeConfiguration<DocumentShareLink>
{
    public void Configure(EntityTypeBuilder<DocumentShareLink> builder)
    {
        builder.ToTable("DocumentShareLinks");
        builder.Ignore(l => l.IssuedToken);
        builder.HasIndex(l => l.TokenHash).IsUnique();
        builder.HasIndex(l => new { l.TenantId, l.DocumentId, l.Id });
        builder.Property(l => l.TokenHash).HasMaxLength(64);
        builder.Property(l => l.CreatedBy).HasMaxLength(100);
        builder.Property(l => l.RevokedBy).HasMaxLength(100);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(l => l.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Document>().WithMany().HasForeignKey(l => l.DocumentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contact>().WithMany().HasForeignKey(l => l.ContactId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(link => link.TenantId == db.CurrentTenantId && db.Set<Document>().Any(d => d.Id == link.DocumentId));
    }
}

/// <summary>
/// One opening of a share link by the customer: when, and just enough to tell visitors apart — a salted hash of the
/// address (never the address) and the browser's user agent, cut short.
/// </summary>
public sealed class DocumentView : ITenantOwned
{
    public const int MaxUserAgentLength = 256;

    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long ShareLinkId { get; init; }

    public long DocumentId { get; init; }

    public DateTime ViewedAt { get; init; }

    /// <summary>16 hex characters of SHA-256 over the link and the address: the same visitor of the same link reads the same.</summary>
    public string? VisitorHash { get; init; }

    public string? UserAgent { get; init; }

    public static string? VisitorHashOf(long shareLinkId, string? address) => address is null
        ? null
        : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"document-view:{shareLinkId}:{address}")))[..16];
}

internal sealed class DocumentViewConfiguration(SalesDbContext db) : IEntityTypeConfiguration<DocumentView>
{
    public void Configure(EntityTypeBuilder<DocumentView> builder)
    {
        builder.ToTable("DocumentViews");
        builder.HasIndex(v => new { v.TenantId, v.DocumentId, v.ViewedAt });
        builder.HasIndex(v => new { v.TenantId, v.ShareLinkId, v.ViewedAt });
        builder.Property(v => v.VisitorHash).HasMaxLength(16);
        builder.Property(v => v.UserAgent).HasMaxLength(DocumentView.MaxUserAgentLength);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(v => v.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<DocumentShareLink>().WithMany().HasForeignKey(v => v.ShareLinkId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Document>().WithMany().HasForeignKey(v => v.DocumentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(view => view.TenantId == db.CurrentTenantId && db.Set<Document>().Any(d => d.Id == view.DocumentId));
    }
}

/// <summary>A customer opened a shared document (journaled as <c>document.viewed</c>): webhooks and rules see it.</summary>
public sealed record DocumentViewed(long TenantId, long DocumentId, long ShareLinkId, long ContactId, long ViewId, string KindCode, string FileName, DateTime OccurredAt) : IDomainEvent;
