using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Identity;

/// <summary>
/// An integration (an ISV product, a script) that gets tokens with the client-credentials grant and acts
/// for one tenant. The OAuth application with the hashed secret is kept by OpenIddict under <see cref="ClientId"/>.
/// </summary>
public sealed class IntegrationClient : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string ClientId { get; init; }

    public required string Name { get; set; }

    public List<string> Scopes { get; set; } = [];

    public DateTime CreatedAt { get; init; }

    public DateTime? SecretRotatedAt { get; set; }

    /// <summary>Once set, the client gets no tokens and its tokens stop working.</summary>
    public DateTime? RevokedAt { get; set; }
}

/// <summary>A member's password for the login page of the authorization-code flow.</summary>
public sealed class MemberCredential : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long MemberId { get; init; }

    public required string PasswordHash { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class IntegrationClientConfiguration : IEntityTypeConfiguration<IntegrationClient>
{
    public void Configure(EntityTypeBuilder<IntegrationClient> builder)
    {
        builder.HasIndex(c => c.ClientId).IsUnique();
        builder.HasIndex(c => new { c.TenantId, c.Name });
        builder.Property(c => c.ClientId).HasMaxLength(100);
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.PrimitiveCollection(c => c.Scopes).HasMaxLength(400);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MemberCredentialConfiguration : IEntityTypeConfiguration<MemberCredential>
{
    public void Configure(EntityTypeBuilder<MemberCredential> builder)
    {
        builder.HasIndex(c => c.MemberId).IsUnique();
        builder.Property(c => c.PasswordHash).HasMaxLength(200);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
