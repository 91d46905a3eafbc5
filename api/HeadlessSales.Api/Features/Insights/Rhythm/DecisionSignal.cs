using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

/// <summary>Where a decision signal comes from.</summary>
public enum DecisionSignalSource
{
    /// <summary>A document of the kind <c>SourceCode</c> is uploaded on the opportunity (e.g. a signed technical proposal).</summary>
    Document,

    /// <summary>The opportunity enters the stage with the code <c>SourceCode</c>.</summary>
    Stage,

    /// <summary>A follow-up on the opportunity carries the tag <c>SourceCode</c> (e.g. 决策链确认).</summary>
    Tag,

    /// <summary>Only <c>recordDecisionSignal</c> records it (e.g. an integration reporting a passed sample test).</summary>
    Api,
}

/// <summary>
/// A tenant's kind of decision signal (技术方案签署, 样品测试通过, …): where it is read from, and how many maturity points it
/// is worth on the to-sign list. The admin's configuration.
/// </summary>
public sealed class DecisionSignalDefinition : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string Code { get; init; }

    public required string Name { get; set; }

    public DecisionSignalSource Source { get; init; }

    /// <summary>The document kind, stage or tag code the signal is read from; null for <see cref="DecisionSignalSource.Api"/>.</summary>
    public string? SourceCode { get; init; }

    /// <summary>Maturity points on the to-sign list.</summary>
    public int Weight { get; set; }

    public DateTime CreatedAt { get; init; }
}

internal sealed class DecisionSignalDefinitionConfiguration(SalesDbContext db) : IEntityTypeConfiguration<DecisionSignalDefinition>
{
    public void Configure(EntityTypeBuilder<DecisionSignalDefinition> builder)
    {
        builder.ToTable("DecisionSignalDefinitions");
        builder.HasIndex(d => new { d.TenantId, d.Code }).IsUnique();
        builder.Property(d => d.Code).HasMaxLength(64);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.SourceCode).HasMaxLength(64);
        builder.Property(d => d.Source).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(definition => definition.TenantId == db.CurrentTenantId);
    }
}

/// <summary>
/// A decision signal seen on an opportunity: it marks the opportunity ready to sign. One per definition and opportunity
/// (the first occurrence counts; later ones add nothing). Seen as the opportunity's owner's records are.
/// </summary>
public sealed class DecisionSignal : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long OpportunityId { get; init; }

    /// <summary>The opportunity's owner when the signal came: the reminder goes to them.</summary>
    public long OwnerId { get; init; }

    public long DefinitionId { get; init; }

    /// <summary>The definition's code, copied so the list explains itself without a join.</summary>
    public required string Code { get; init; }

    public int Weight { get; init; }

    public DecisionSignalSource Source { get; init; }

    public DateTime OccurredAt { get; init; }

    public static DecisionSignal Of(DecisionSignalDefinition definition, long opportunityId, long ownerId, DateTime at) => new()
    {
        TenantId = definition.TenantId,
        OpportunityId = opportunityId,
        OwnerId = ownerId,
        DefinitionId = definition.Id,
        Code = definition.Code,
        Weight = definition.Weight,
        Source = definition.Source,
        OccurredAt = at,
    };
}

internal sealed class DecisionSignalConfiguration(SalesDbContext db) : IEntityTypeConfiguration<DecisionSignal>
{
    public void Configure(EntityTypeBuilder<DecisionSignal> builder)
    {
        builder.ToTable("DecisionSignals");
        // Not unique: a signal is recorded inside the save of the upload, move or follow-up that shows it, and a race
        // between two such saves must not fail the business change. Readers count distinct definitions.
        builder.HasIndex(s => new { s.TenantId, s.OpportunityId, s.DefinitionId });
        builder.HasIndex(s => new { s.TenantId, s.OwnerId, s.OccurredAt });
        builder.Property(s => s.Code).HasMaxLength(64);
        builder.Property(s => s.Source).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Opportunity>().WithMany().HasForeignKey(s => s.OpportunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<DecisionSignalDefinition>().WithMany().HasForeignKey(s => s.DefinitionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(signal => signal.TenantId == db.CurrentTenantId && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(signal.OwnerId)));
    }
}

/// <summary>"Push for signature now": stored for the opportunity's owner when a decision signal comes, and announced live.</summary>
public sealed class SigningReminder : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long MemberId { get; init; }

    public long OpportunityId { get; init; }

    public required string SignalCode { get; init; }

    public required string SignalName { get; init; }

    public DateTime CreatedAt { get; init; }
}

internal sealed class SigningReminderConfiguration(SalesDbContext db) : IEntityTypeConfiguration<SigningReminder>
{
    public void Configure(EntityTypeBuilder<SigningReminder> builder)
    {
        builder.ToTable("SigningReminders");
        builder.HasIndex(r => new { r.TenantId, r.MemberId, r.Id });
        builder.Property(r => r.SignalCode).HasMaxLength(64);
        builder.Property(r => r.SignalName).HasMaxLength(200);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Opportunity>().WithMany().HasForeignKey(r => r.OpportunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(reminder => reminder.TenantId == db.CurrentTenantId && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(reminder.MemberId)));
    }
}
