using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>A step of the escalation chain: who is told when a deadline is missed.</summary>
public enum EscalationLevel
{
    TeamLead,
    RegionManager,
    SalesOps,
}

public enum EscalationReason
{
    AssignmentDeadlineMissed,
    FirstResponseDeadlineMissed,
}

public enum EscalationStatus
{
    Open,

    /// <summary>Seen by the person it went to; it climbs no further.</summary>
    Acknowledged,
    Resolved,
}

public sealed class Escalation : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long LeadId { get; init; }

    /// <summary>Index in the tenant's escalation chain, 0 for the first step.</summary>
    public int Step { get; init; }

    public EscalationLevel Level { get; init; }

    public EscalationReason Reason { get; init; }

    /// <summary>The person told; null when the level names a role rather than a person (sales ops) or the org has nobody there.</summary>
    public long? TargetMemberId { get; init; }

    public long? TeamId { get; init; }

    public long? RegionId { get; init; }

    public EscalationStatus Status { get; set; }

    public DateTime RaisedAt { get; init; }

    public DateTime? AcknowledgedAt { get; set; }

    public DateTime? ResolvedAt { get; set; }

    public string? Note { get; set; }
}

internal sealed class EscalationConfiguration : IEntityTypeConfiguration<Escalation>
{
    public void Configure(EntityTypeBuilder<Escalation> builder)
    {
        builder.ToTable("Escalations");
        builder.HasIndex(e => new { e.TenantId, e.LeadId, e.Step });
        builder.HasIndex(e => new { e.TenantId, e.TargetMemberId, e.Status });
        builder.Property(e => e.Level).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Reason).HasConversion<string>().HasMaxLength(48);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Note).HasMaxLength(500);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Lead>().WithMany().HasForeignKey(e => e.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(e => e.TargetMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A missed deadline was escalated to the next person in the chain.</summary>
public sealed record EscalationRaised(long TenantId, long EscalationId, long LeadId, long? LeadOwnerId, long? TargetMemberId, long? TeamId, long? RegionId, EscalationLevel Level, DateTime OccurredAt) : IDomainEvent;

public sealed class EscalationLevelType : EnumerationGraphType<EscalationLevel>
{
    public EscalationLevelType()
    {
        Name = "EscalationLevel";
        Description = "A step of the escalation chain.";
    }
}

public sealed class EscalationReasonType : EnumerationGraphType<EscalationReason>
{
    public EscalationReasonType() => Name = "EscalationReason";
}

public sealed class EscalationStatusType : EnumerationGraphType<EscalationStatus>
{
    public EscalationStatusType() => Name = "EscalationStatus";
}

public sealed class EscalationType : NodeType<Escalation>
{
    public EscalationType() : base("Escalation", "A missed SOP deadline, raised to one level of the escalation chain.")
    {
        Field<NonNullGraphType<IdGraphType>>("leadId").Resolve(ctx => GlobalId.Encode("Lead", ctx.Source.LeadId));
        Field<LeadType>("lead").Resolve(ctx => ctx.RequestServices!.GetRequiredService<LeadByIdDataLoader>().LoadAsync(ctx.Source.LeadId));
        Field(e => e.Step).Description("0 for the first level of the chain.");
        Field(e => e.Level, type: typeof(NonNullGraphType<EscalationLevelType>));
        Field(e => e.Reason, type: typeof(NonNullGraphType<EscalationReasonType>));
        Field<MemberType>("target").Description("The person told; null for a role-wide level such as SALES_OPS.")
            .Resolve(ctx => ctx.Source.TargetMemberId is { } id ? ctx.RequestServices!.GetRequiredService<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(e => e.Status, type: typeof(NonNullGraphType<EscalationStatusType>));
        Field(e => e.RaisedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(e => e.AcknowledgedAt, type: typeof(UtcDateTimeGraphType));
        Field(e => e.ResolvedAt, type: typeof(UtcDateTimeGraphType));
        Field(e => e.Note, nullable: true);
    }
}

public sealed class EscalationRaisedEventType : ObjectGraphType<EscalationRaised>
{
    public EscalationRaisedEventType()
    {
        Name = "EscalationRaisedEvent";
        Field<NonNullGraphType<IdGraphType>>("escalationId").Resolve(ctx => GlobalId.Encode("Escalation", ctx.Source.EscalationId));
        Field<EscalationType>("escalation")
            .Description("Loaded when the event is delivered.")
            .Resolve(ctx => ctx.RequestServices!.GetRequiredService<EscalationByIdDataLoader>().LoadAsync(ctx.Source.EscalationId));
        Field<NonNullGraphType<IdGraphType>>("leadId").Resolve(ctx => GlobalId.Encode("Lead", ctx.Source.LeadId));
        Field(e => e.Level, type: typeof(NonNullGraphType<EscalationLevelType>));
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class EscalationByIdDataLoader(SalesDbContextFactory databases) : HeadlessSales.Api.GraphQL.DataLoaders.BatchDataLoader<long, Escalation>
{
    protected override async Task<IReadOnlyDictionary<long, Escalation>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await db.Escalations.AsNoTracking().Where(e => keys.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
    }
}
