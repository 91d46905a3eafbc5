using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>
/// What a rep commits to in one week under their member target: the accounts, opportunities and key actions, the leaf of
/// the drill-down tree. Seen as the member's records are.
/// </summary>
public sealed class WeeklyPlan : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long TargetId { get; init; }

    /// <summary>The rep of the member target, copied for the visibility filter.</summary>
    public long MemberId { get; init; }

    /// <summary>The Monday the week starts on.</summary>
    public DateOnly WeekStart { get; init; }

    public DateTime CreatedAt { get; init; }
}

internal sealed class WeeklyPlanConfiguration(SalesDbContext db) : IEntityTypeConfiguration<WeeklyPlan>
{
    public void Configure(EntityTypeBuilder<WeeklyPlan> builder)
    {
        builder.ToTable("WeeklyPlans");
        // One plan per rep and week: a second, also a concurrent one, is a duplicate.
        builder.HasIndex(p => new { p.TenantId, p.MemberId, p.WeekStart }).IsUnique();
        builder.HasIndex(p => new { p.TenantId, p.TargetId });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SalesTarget>().WithMany().HasForeignKey(p => p.TargetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(plan => plan.TenantId == db.CurrentTenantId && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(plan.MemberId)));
    }
}

/// <summary>One commitment of a weekly plan: an account, an opportunity (of that rep) or a key action, open until done.</summary>
public sealed class WeeklyPlanItem : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long PlanId { get; init; }

    public long? AccountId { get; init; }

    public long? OpportunityId { get; init; }

    public required string KeyAction { get; init; }

    public DateTime? DoneAt { get; private set; }

    public void MarkDone(DateTime at) => DoneAt ??= at;
}

internal sealed class WeeklyPlanItemConfiguration : IEntityTypeConfiguration<WeeklyPlanItem>
{
    public void Configure(EntityTypeBuilder<WeeklyPlanItem> builder)
    {
        builder.ToTable("WeeklyPlanItems");
        builder.HasIndex(i => new { i.TenantId, i.PlanId });
        builder.Property(i => i.KeyAction).HasMaxLength(300);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WeeklyPlan>().WithMany().HasForeignKey(i => i.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(i => i.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Opportunity>().WithMany().HasForeignKey(i => i.OpportunityId).OnDelete(DeleteBehavior.Restrict);
    }
}
