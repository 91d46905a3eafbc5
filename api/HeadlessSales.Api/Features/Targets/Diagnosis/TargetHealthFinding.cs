using System.Text.Json;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Targets.Diagnosis;

/// <summary>The unhealthy patterns a target can pull a rep into (see <see cref="TargetHealthRules"/>).</summary>
public enum TargetHealthRule
{
    /// <summary>Opportunity count on goal week after week while the opportunities do not convert.</summary>
    OpportunitiesWithoutConversion,

    /// <summary>One account signing several small contracts in a short window.</summary>
    ContractSplitting,

    /// <summary>Money of contracts signed before a period end collected just after it.</summary>
    CollectionsSlipping,

    /// <summary>Fewer strategic accounts followed up while the signed amount rises.</summary>
    StrategicCoverageFalling,

    /// <summary>A month's signings bunched into its last week.</summary>
    MonthEndSpike,
}

/// <summary>A record a finding points at: its GraphQL type name (the global id's prefix), its id and a short label.</summary>
public sealed record FindingRecord(string Type, long Id, string Label);

/// <summary>A named figure behind a finding (a weekly count, a share, an amount in CNY).</summary>
public sealed record FindingFigure(string Name, double Value);

/// <summary>
/// One episode of one rule for one rep (and, for contract splitting, one account): raised when the rule first holds,
/// resolved when it no longer does. A rule and subject have at most one open finding; a later episode is a new row, so
/// the rows are the history. Seen as the rep's records are: by the rep and their manager chain.
/// </summary>
public sealed class TargetHealthFinding : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public TargetHealthRule Rule { get; init; }

    /// <summary>The rep the pattern is about.</summary>
    public long MemberId { get; init; }

    /// <summary>What else tells one episode from another of the same rep: the account for contract splitting, otherwise 0.</summary>
    public long SubjectKey { get; init; }

    /// <summary>The rep's team and region when raised, for the manager-chain filters.</summary>
    public long? TeamId { get; init; }

    public long? RegionId { get; init; }

    public required string Summary { get; init; }

    /// <summary>What a manager could coach, in a sentence.</summary>
    public required string Suggestion { get; init; }

    public IReadOnlyList<FindingRecord> Records { get; init; } = [];

    public IReadOnlyList<FindingFigure> Figures { get; init; } = [];

    /// <summary>The period the rule judged when it raised the finding: [WindowFrom, WindowTo).</summary>
    public DateTime WindowFrom { get; init; }

    public DateTime WindowTo { get; init; }

    public DateTime RaisedAt { get; init; }

    public DateTime? ResolvedAt { get; private set; }

    public bool IsOpen => ResolvedAt is null;
}

internal sealed class TargetHealthFindingConfiguration(SalesDbContext db) : IEntityTypeConfiguration<TargetHealthFinding>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<TargetHealthFinding> builder)
    {
        builder.ToTable("TargetHealthFindings");
        // One open episode per rule and subject: two nodes evaluating at once cannot both raise it.
        builder.HasIndex(f => new { f.TenantId, f.Rule, f.MemberId, f.SubjectKey })
            .IsUnique()
            .HasFilter("\"ResolvedAt\" IS NULL")
            .HasDatabaseName("IX_TargetHealthFindings_OpenPerRuleAndSubject");
        builder.HasIndex(f => new { f.TenantId, f.RaisedAt });
        builder.HasIndex(f => new { f.TenantId, f.MemberId });
        builder.Ignore(f => f.IsOpen);
        builder.Property(f => f.Rule).HasConversion<string>().HasMaxLength(48);
        builder.Property(f => f.Summary).HasMaxLength(500);
        builder.Property(f => f.Suggestion).HasMaxLength(500);
        // The evidence is read with the finding, never queried by its parts: JSON text, the same on every provider.
        builder.Property(f => f.Records).HasConversion(
            records => JsonSerializer.Serialize(records, Json),
            text => JsonSerializer.Deserialize<List<FindingRecord>>(text, Json) ?? new List<FindingRecord>(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<IReadOnlyList<FindingRecord>>((a, b) => a!.SequenceEqual(b!), list => list.Count, list => list.ToList()));
        builder.Property(f => f.Figures).HasConversion(
            figures => JsonSerializer.Serialize(figures, Json),
            text => JsonSerializer.Deserialize<List<FindingFigure>>(text, Json) ?? new List<FindingFigure>(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<IReadOnlyList<FindingFigure>>((a, b) => a!.SequenceEqual(b!), list => list.Count, list => list.ToList()));
        builder.HasOne<Tenant>().WithMany().HasForeignKey(f => f.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(f => f.MemberId).OnDelete(DeleteBehavior.Restrict);
        // Seen as the rep's records are: the rep, their team lead and region manager, whole-tenant readers.
        builder.HasQueryFilter(finding => finding.TenantId == db.CurrentTenantId
            && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(finding.MemberId)));
    }
}

public enum TargetHealthChange
{
    Raised,
    Resolved,
}

/// <summary>A finding was raised or resolved; carries its rep so subscriptions filter without a query.</summary>
public sealed record TargetHealthAlerted(
    long TenantId, long FindingId, TargetHealthChange Change, TargetHealthRule Rule, long MemberId, long? TeamId, long? RegionId, DateTime OccurredAt) : IDomainEvent
{
    public static TargetHealthAlerted Of(TargetHealthFinding finding, TargetHealthChange change, DateTime at) =>
        new(finding.TenantId, finding.Id, change, finding.Rule, finding.MemberId, finding.TeamId, finding.RegionId, at);
}
