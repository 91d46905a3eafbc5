using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>
/// An approved case on a member's learning path, picked by the member's industry when they joined or when their industry
/// changed; done once the member marks it studied.
/// </summary>
public sealed class LearningPathItem : ITenantOwned
{
    /// <summary>How many matching cases a path is given at a time.</summary>
    public const int CasesPerIndustry = 3;

    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long MemberId { get; init; }

    /// <summary>Set when the member is new in this save: the key is given at the insert.</summary>
    public Member? Member { get; init; }

    public long CaseId { get; init; }

    /// <summary>The industry it was picked for.</summary>
    public required string Industry { get; init; }

    public DateTime AssignedAt { get; init; }

    public DateTime? CompletedAt { get; private set; }

    public void Complete(DateTime at) => CompletedAt ??= at;
}

internal sealed class LearningPathItemConfiguration(SalesDbContext db) : IEntityTypeConfiguration<LearningPathItem>
{
    public void Configure(EntityTypeBuilder<LearningPathItem> builder)
    {
        builder.ToTable("LearningPathItems");
        builder.HasIndex(i => new { i.TenantId, i.MemberId, i.CaseId }).IsUnique();
        builder.Property(i => i.Industry).HasMaxLength(Member.IndustryMaxLength);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(i => i.Member).WithMany().HasForeignKey(i => i.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WonCase>().WithMany().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasQueryFilter(item => item.TenantId == db.CurrentTenantId && (db.SeesWholeTenant || db.VisibleOwnerIds.Contains(item.MemberId)));
    }
}

/// <summary>
/// Picks a member's learning path off the save that names their industry: a member created with one, or whose industry
/// changes, gets the <see cref="LearningPathItem.CasesPerIndustry"/> most recently approved cases of that industry not
/// already on their path; unstudied cases of a former industry leave it. Organization does not know any of this.
/// </summary>
public sealed class LearningPathAssigner(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is SalesDbContext db && Joined(db) is { Count: > 0 } members)
        {
            AssignAsync(db, members, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is SalesDbContext db && Joined(db) is { Count: > 0 } members)
        {
            await AssignAsync(db, members, cancellationToken);
        }

        return result;
    }

    /// <summary>Members this save creates with an industry or moves to another one; no query unless there is one.</summary>
    private static List<(Member Member, bool IsNew)> Joined(SalesDbContext db) =>
        db.ChangeTracker.Entries<Member>()
            .Where(e => e.Entity.Industry is not null
                && (e.State == EntityState.Added || (e.State == EntityState.Modified && e.Property(m => m.Industry).OriginalValue != e.Entity.Industry)))
            .Select(e => (e.Entity, e.State == EntityState.Added))
            .ToList();

    private async Task AssignAsync(SalesDbContext db, List<(Member Member, bool IsNew)> members, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (member, isNew) in members)
        {
            var industry = member.Industry!;
            var onPath = isNew ? [] : await db.LearningPathItems.IgnoreQueryFilters().Where(i => i.TenantId == member.TenantId && i.MemberId == member.Id).ToListAsync(cancellationToken);
            db.LearningPathItems.RemoveRange(onPath.Where(i => i.Industry != industry && i.CompletedAt is null));
            var kept = onPath.Select(i => i.CaseId).ToList();
            var picked = await db.WonCases.IgnoreQueryFilters()
                .Where(c => c.TenantId == member.TenantId && c.Status == WonCaseStatus.Approved && c.Industry == industry && !kept.Contains(c.Id))
                .OrderByDescending(c => c.ApprovedAt).ThenByDescending(c => c.Id)
                .Select(c => c.Id).Take(LearningPathItem.CasesPerIndustry).ToListAsync(cancellationToken);
            foreach (var caseId in picked)
            {
                // A new member has no key yet: the navigation gives it to the item at the insert.
                db.LearningPathItems.Add(isNew
                    ? new LearningPathItem { TenantId = member.TenantId, Member = member, CaseId = caseId, Industry = industry, AssignedAt = now }
                    : new LearningPathItem { TenantId = member.TenantId, MemberId = member.Id, CaseId = caseId, Industry = industry, AssignedAt = now });
            }
        }
    }
}
