using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Leads;

public enum LeadSource
{
    Website,
    Phone,
    TradeShow,
    Referral,
    Partner,
    Advertising,
    Import,
    Other,
}

public enum LeadStatus
{
    /// <summary>Not yet assigned to anyone, e.g. waiting in the default queue.</summary>
    New,
    Assigned,
    Contacted,
    Qualified,
    Disqualified,

    /// <summary>Became an account, a contact and an opportunity; a lead converts once.</summary>
    Converted,
}

/// <summary>Which contact detail tied a lead to an earlier one.</summary>
public enum LeadMatchField
{
    Phone,
    Email,
    Company,
}

/// <summary>A prospective customer, before it becomes an account: taken in, assigned and answered under the SOP.</summary>
public sealed class Lead : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>The person who asked.</summary>
    public required string Name { get; set; }

    public string? Company { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public Industry Industry { get; set; }

    public string? Province { get; set; }

    public LeadSource Source { get; set; }

    /// <summary>Codes of the catalog <see cref="Product"/>s the lead asked about.</summary>
    public List<string> ProductInterests { get; set; } = [];

    public CompanySize? EstimatedSize { get; set; }

    public LeadStatus Status { get; set; }

    public long? OwnerId { get; set; }

    public long? TeamId { get; set; }

    public DateTime? AssignedAt { get; set; }

    public DateTime? FirstRespondedAt { get; set; }

    public FirstResponseOutcome? FirstResponseOutcome { get; set; }

    /// <summary>The rule that assigned the lead; its SOP settings apply to the lead.</summary>
    public long? AssignmentRuleId { get; set; }

    /// <summary>The earliest lead with the same phone, email or company; linked and reported, never merged.</summary>
    public long? DuplicateOfId { get; set; }

    public List<LeadMatchField> DuplicateMatchedOn { get; set; } = [];

    /// <summary>Digits only, without the +86 country prefix: what duplicate detection compares.</summary>
    public string? PhoneKey { get; set; }

    /// <summary>The company name without spaces, punctuation or case: what duplicate detection compares.</summary>
    public string? CompanyKey { get; set; }

    /// <summary>The integrator's key for retries of one create; unique within the tenant.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>A hash of the normalized create input, to tell a retry from a reuse of the key with other data.</summary>
    public string? IdempotencyHash { get; set; }

    public DateTime? ConvertedAt { get; set; }

    public long? ConvertedAccountId { get; set; }

    public long? ConvertedContactId { get; set; }

    public long? ConvertedOpportunityId { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    // The state changes of a lead, whichever feature causes them. The setters stay open for seeding and for tests that
    // build a lead's history directly; conditional UPDATEs that claim a change under concurrency stay where they are.

    /// <summary>Assigned at intake by <paramref name="ruleId"/> to <paramref name="ownerId"/>.</summary>
    public void AssignByRule(long ruleId, long ownerId, long? teamId, DateTime at)
    {
        AssignmentRuleId = ruleId;
        OwnerId = ownerId;
        TeamId = teamId;
        Status = LeadStatus.Assigned;
        AssignedAt = at;
    }

    /// <summary>No rule placed the lead: it waits, unassigned, in the default queue team (if the tenant has one).</summary>
    public void WaitInQueue(long? queueTeamId)
    {
        Status = LeadStatus.New;
        TeamId = queueTeamId;
    }

    /// <summary>Handed to another owner, by a person or after a missed deadline; a lead already worked keeps its status.</summary>
    public void Reassign(long ownerId, long? teamId, DateTime at)
    {
        OwnerId = ownerId;
        TeamId = teamId;
        AssignedAt = at;
        Status = Status == LeadStatus.New ? LeadStatus.Assigned : Status;
        UpdatedAt = at;
    }

    /// <summary>The owner's first call or message: a lead that is not interested or unreachable is disqualified by it.</summary>
    public void RecordFirstResponse(FirstResponseOutcome outcome, DateTime at)
    {
        FirstRespondedAt = at;
        FirstResponseOutcome = outcome;
        Status = outcome is Leads.FirstResponseOutcome.NotInterested or Leads.FirstResponseOutcome.WrongNumber ? LeadStatus.Disqualified : LeadStatus.Contacted;
        UpdatedAt = at;
    }

    /// <summary>Became an account, a contact and an opportunity; a lead converts once.</summary>
    public void MarkConverted(long accountId, long contactId, long opportunityId, DateTime at)
    {
        Status = LeadStatus.Converted;
        ConvertedAt = at;
        ConvertedAccountId = accountId;
        ConvertedContactId = contactId;
        ConvertedOpportunityId = opportunityId;
        UpdatedAt = at;
    }
}

/// <summary>Built with the context: its row visibility filter reads the actor of whichever context runs the query.</summary>
internal sealed class LeadConfiguration(SalesDbContext db) : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> builder)
    {
        builder.ToTable("Leads");
        builder.HasIndex(l => new { l.TenantId, l.IdempotencyKey }).IsUnique();
        builder.HasIndex(l => new { l.TenantId, l.PhoneKey });
        builder.HasIndex(l => new { l.TenantId, l.Email });
        builder.HasIndex(l => new { l.TenantId, l.CompanyKey });
        builder.HasIndex(l => new { l.TenantId, l.OwnerId, l.Status });
        builder.HasIndex(l => new { l.TenantId, l.TeamId, l.Status });
        builder.HasIndex(l => new { l.TenantId, l.CreatedAt, l.Id });
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.Property(l => l.Company).HasMaxLength(200);
        builder.Property(l => l.CompanyKey).HasMaxLength(200);
        builder.Property(l => l.Phone).HasMaxLength(32);
        builder.Property(l => l.PhoneKey).HasMaxLength(32);
        builder.Property(l => l.Email).HasMaxLength(254);
        builder.Property(l => l.Province).HasMaxLength(50);
        builder.Property(l => l.IdempotencyKey).HasMaxLength(100);
        builder.Property(l => l.IdempotencyHash).HasMaxLength(64);
        builder.Property(l => l.Industry).HasConversion<string>().HasMaxLength(32);
        builder.Property(l => l.Source).HasConversion<string>().HasMaxLength(32);
        builder.Property(l => l.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(l => l.EstimatedSize).HasConversion<string>().HasMaxLength(32);
        builder.Property(l => l.FirstResponseOutcome).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<AssignmentRule>().WithMany().HasForeignKey(l => l.AssignmentRuleId).OnDelete(DeleteBehavior.SetNull);
        builder.PrimitiveCollection(l => l.ProductInterests).HasMaxLength(1000);
        builder.PrimitiveCollection(l => l.DuplicateMatchedOn).HasMaxLength(64);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(l => l.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(l => l.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Team>().WithMany().HasForeignKey(l => l.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Lead>().WithMany().HasForeignKey(l => l.DuplicateOfId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(l => l.ConvertedAccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contact>().WithMany().HasForeignKey(l => l.ConvertedContactId).OnDelete(DeleteBehavior.Restrict);
        // A lead still in a queue has no owner: only those who see the whole tenant (ops, admins, integrations) see it.
        builder.HasQueryFilter(lead => lead.TenantId == db.CurrentTenantId
            && (db.SeesWholeTenant || (lead.OwnerId != null && db.VisibleOwnerIds.Contains(lead.OwnerId.Value))));
    }
}
