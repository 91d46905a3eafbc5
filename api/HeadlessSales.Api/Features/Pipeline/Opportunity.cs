using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Pipeline;

/// <summary>A deal being worked with an account, moving through the stages of one pipeline.</summary>
public sealed class Opportunity : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string Name { get; set; }

    public long AccountId { get; set; }

    /// <summary>The customer's main person for this deal, e.g. the contact a converted lead became.</summary>
    public long? ContactId { get; set; }

    /// <summary>The member responsible; visibility follows this owner as it does for accounts.</summary>
    public long OwnerId { get; set; }

    public long PipelineId { get; init; }

    public long StageId { get; set; }

    /// <summary>When the opportunity entered its current stage.</summary>
    public DateTime StageEnteredAt { get; set; }

    public decimal? Amount { get; set; }

    /// <summary>ISO 4217 code of <see cref="Amount"/>.</summary>
    public string? AmountCurrency { get; set; }

    public DateOnly? ExpectedCloseDate { get; set; }

    /// <summary>Win probability in percent: the stage's default on entry, changed by hand after.</summary>
    public int Probability { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Enters <paramref name="stage"/> (on creation or a move) and takes its default probability.</summary>
    public void EnterStage(PipelineStage stage, DateTime at)
    {
        StageId = stage.Id;
        StageEnteredAt = at;
        Probability = stage.DefaultProbability;
        UpdatedAt = at;
    }

    /// <summary>Handed to another owner; callers go through <see cref="OpportunityReassignment.Reassign"/>, which journals it.</summary>
    public void Reassign(long ownerId, DateTime at)
    {
        OwnerId = ownerId;
        UpdatedAt = at;
    }
}

/// <summary>An opportunity field a stage gate can require.</summary>
public enum OpportunityGateField
{
    Amount,
    ExpectedCloseDate,
    Contact,
}

/// <summary>How an opportunity came into a stage.</summary>
public enum StageEntryKind
{
    /// <summary>The opportunity was created in this stage.</summary>
    Created,

    /// <summary>Moved forward with every gate met.</summary>
    Advanced,

    /// <summary>Moved forward by an admin although a gate was not met; the reason is kept.</summary>
    Overridden,

    /// <summary>Moved back to an earlier stage; the reason is kept.</summary>
    MovedBack,
}

/// <summary>One stay of an opportunity in a stage: how it got there, and how long it stayed.</summary>
public sealed class OpportunityStageEntry : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long OpportunityId { get; init; }

    public long StageId { get; init; }

    public long? FromStageId { get; init; }

    public StageEntryKind Kind { get; init; }

    /// <summary>Why it moved: required when moved back or overridden.</summary>
    public string? Reason { get; init; }

    /// <summary>The member who moved it; null for an integration.</summary>
    public long? ActorMemberId { get; init; }

    /// <summary>For an override: what the gate still missed, e.g. <c>DOCUMENT:COMPETITOR_ANALYSIS</c>, <c>FIELD:AMOUNT</c>, <c>APPROVAL:QUOTATION_REVIEW</c>.</summary>
    public List<string> OverriddenRequirements { get; init; } = [];

    public DateTime EnteredAt { get; init; }

    /// <summary>Null while the opportunity is still in the stage.</summary>
    public DateTime? LeftAt { get; set; }
}

/// <summary>Built with the context: its row visibility filter reads the actor of whichever context runs the query.</summary>
internal sealed class OpportunityConfiguration(SalesDbContext db) : IEntityTypeConfiguration<Opportunity>
{
    public void Configure(EntityTypeBuilder<Opportunity> builder)
    {
        builder.ToTable("Opportunities");
        builder.HasIndex(o => new { o.TenantId, o.OwnerId });
        builder.HasIndex(o => new { o.TenantId, o.AccountId });
        builder.HasIndex(o => new { o.TenantId, o.StageId });
        builder.HasIndex(o => new { o.TenantId, o.CreatedAt, o.Id });
        // Targets count the quality opportunities created in a period per owner: a range read that never visits the rows.
        builder.HasIndex(o => new { o.TenantId, o.CreatedAt, o.OwnerId, o.Probability, o.Amount }).HasDatabaseName("IX_Opportunities_Created_Owner_Quality");
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.AmountCurrency).HasMaxLength(3);
        // Two moves of one opportunity at once: the second finds the stage changed and is refused, not applied twice.
        builder.Property(o => o.StageId).IsConcurrencyToken();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(o => o.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(o => o.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contact>().WithMany().HasForeignKey(o => o.ContactId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(o => o.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SalesPipeline>().WithMany().HasForeignKey(o => o.PipelineId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PipelineStage>().WithMany().HasForeignKey(o => o.StageId).OnDelete(DeleteBehavior.Restrict);
        // Declared here, not by the lead, so that Leads need not know opportunities.
        builder.HasMany<Lead>().WithOne().HasForeignKey(l => l.ConvertedOpportunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(opportunity => opportunity.TenantId == db.CurrentTenantId
            && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(opportunity.OwnerId)));
    }
}

internal sealed class OpportunityStageEntryConfiguration : IEntityTypeConfiguration<OpportunityStageEntry>
{
    public void Configure(EntityTypeBuilder<OpportunityStageEntry> builder)
    {
        builder.ToTable("OpportunityStageEntries");
        builder.HasIndex(e => new { e.TenantId, e.OpportunityId, e.Id });
        builder.HasIndex(e => new { e.TenantId, e.StageId, e.EnteredAt });
        // Targets' proposal pass rate: the exits from one stage in a period, with their kind and opportunity, index-only.
        builder.HasIndex(e => new { e.TenantId, e.FromStageId, e.EnteredAt, e.Kind, e.OpportunityId });
        // 商机阶段停留时长 reads the stays that ended in a period.
        builder.HasIndex(e => new { e.TenantId, e.LeftAt });
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Reason).HasMaxLength(500);
        builder.PrimitiveCollection(e => e.OverriddenRequirements).HasMaxLength(2000);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Opportunity>().WithMany().HasForeignKey(e => e.OpportunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PipelineStage>().WithMany().HasForeignKey(e => e.StageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PipelineStage>().WithMany().HasForeignKey(e => e.FromStageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(e => e.ActorMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
