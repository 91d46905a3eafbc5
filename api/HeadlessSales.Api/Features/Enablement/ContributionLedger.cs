using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.Targets;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>What a redemption or its decision came to: the redemption, or why there is none.</summary>
public sealed record RedemptionResult(PointsRedemption? Redemption, UserError? Error)
{
    public static RedemptionResult Failed(UserError error) => new(null, error);
}

/// <summary>
/// Contribution points in the incentive ledger (Targets' <see cref="IncentiveEntry"/>, in <see cref="IncentiveEntry.Points"/>):
/// earned for approved cases and for cases that coached another rep's won deal, spent on catalog rewards. There is no
/// second balance: a member's points are the sum of their PTS entries.
/// </summary>
public sealed class ContributionLedger(TimeProvider clock)
{
    /// <summary>A member's redemptions racing each other retry this often before giving up (each retry re-reads the balance).</summary>
    private const int RedemptionAttempts = 12;

    public static async Task<ContributionSettings> SettingsAsync(SalesDbContext db, long tenantId, CancellationToken cancellationToken) =>
        await db.ContributionSettings.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(s => s.TenantId == tenantId, cancellationToken)
        ?? new ContributionSettings { TenantId = tenantId };

    /// <summary>A member's points: earned less spent, over the whole ledger.</summary>
    public static async Task<int> BalanceAsync(SalesDbContext db, long tenantId, long memberId, CancellationToken cancellationToken) =>
        (int)await db.IncentiveEntries.IgnoreQueryFilters()
            .Where(e => e.TenantId == tenantId && e.MemberId == memberId && e.Currency == IncentiveEntry.Points)
            .SumAsync(e => e.Amount, cancellationToken);

    /// <summary>The approval's points for the case's author, added to the save that approves it.</summary>
    public static async Task AddApprovalPointsAsync(SalesDbContext db, WonCase wonCase, string recordedBy, DateTime at, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(db, wonCase.TenantId, cancellationToken);
        if (settings.ApprovalPoints > 0)
        {
            db.IncentiveEntries.Add(IncentiveEntry.ContributionPoints(wonCase.TenantId, wonCase.AuthorId, IncentiveEntryKind.CaseApproved, settings.ApprovalPoints,
                $"案例入库 case approved: {wonCase.Title}", wonCase.OpportunityId, recordedBy, at));
        }
    }

    /// <summary>Notes that the coach gave these cases to the caller for an opportunity they see; the first rep coached with a case on an opportunity is kept.</summary>
    public async Task RecordCoachingAsync(SalesDbContext db, Actor actor, long opportunityId, IReadOnlyList<long> caseIds, CancellationToken cancellationToken)
    {
        if (actor.MemberId is not { } memberId || caseIds.Count == 0)
        {
            return;
        }

        var known = await db.CaseCoachingUses.IgnoreQueryFilters()
            .Where(u => u.TenantId == actor.TenantId && u.OpportunityId == opportunityId && caseIds.Contains(u.CaseId)).Select(u => u.CaseId).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var caseId in caseIds.Except(known))
        {
            db.CaseCoachingUses.Add(new CaseCoachingUse { TenantId = actor.TenantId, CaseId = caseId, OpportunityId = opportunityId, MemberId = memberId, CoachedAt = now });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // A concurrent coaching of the same case on the same opportunity was noted first; that one counts.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The caller spends points on a catalog reward; the points are held at once and a manager decides. Never above the
    /// balance: the redemption takes the member's next sequence number before it reads the balance, so a concurrent one
    /// that read the same balance cannot commit beside it (the unique index refuses it, and it tries again).
    /// </summary>
    public async Task<RedemptionResult> RedeemAsync(SalesDbContext db, Actor actor, RewardCatalogItem item, int quantity, CancellationToken cancellationToken)
    {
        if (actor.MemberId is not { } memberId)
        {
            return RedemptionResult.Failed(new InvalidStateError("Points are a member's; an integration redeems none."));
        }

        var cost = item.Points * quantity;
        for (var attempt = 1; ; attempt++)
        {
            var last = await db.PointsRedemptions.IgnoreQueryFilters().Where(r => r.TenantId == actor.TenantId && r.MemberId == memberId)
                .MaxAsync(r => (int?)r.Sequence, cancellationToken) ?? 0;
            var now = clock.GetUtcNow().UtcDateTime;
            var redemption = new PointsRedemption
            {
                TenantId = actor.TenantId, MemberId = memberId, Sequence = last + 1, ItemId = item.Id, Quantity = quantity, Points = cost, RequestedAt = now,
            };
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.PointsRedemptions.Add(redemption);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException exception) when (UniqueViolation.Is(exception) && attempt < RedemptionAttempts)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                continue;
            }

            // Every debit with a lower number has committed (it was read), and none with a higher one can: the balance holds.
            var balance = await BalanceAsync(db, actor.TenantId, memberId, cancellationToken);
            if (balance < cost)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return RedemptionResult.Failed(new InsufficientPointsError(balance, cost));
            }

            var entry = IncentiveEntry.ContributionPoints(actor.TenantId, memberId, IncentiveEntryKind.Redemption, -cost,
                quantity == 1 ? $"兑换 redeemed: {item.Name}" : $"兑换 redeemed: {item.Name} × {quantity}", null, actor.Describe(), now);
            db.IncentiveEntries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            redemption.EntryId = entry.Id;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new RedemptionResult(redemption, null);
        }
    }

    /// <summary>A manager who sees the member approves the redemption, or rejects it and the held points come back.</summary>
    public async Task<RedemptionResult> DecideAsync(SalesDbContext db, Actor actor, PointsRedemption redemption, bool approve, string? comment, CancellationToken cancellationToken)
    {
        if (redemption.RefusalOfDecider(actor.MemberId) is { } refusal)
        {
            return RedemptionResult.Failed(refusal);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        redemption.Decide(approve, actor.MemberId!.Value, comment, now);
        if (!approve && redemption.EntryId is { } entryId)
        {
            var held = await db.IncentiveEntries.IgnoreQueryFilters().AsNoTracking().FirstAsync(e => e.Id == entryId, cancellationToken);
            db.IncentiveEntries.Add(held.Reverse($"兑换被拒 redemption rejected: {comment}", actor.Describe(), now));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new RedemptionResult(redemption, null);
        }
        catch (DbUpdateException)
        {
            // The status is a concurrency token (and a reversal is unique per entry): somebody decided first.
            db.ChangeTracker.Clear();
            return RedemptionResult.Failed(new InvalidStateError("Somebody decided this redemption meanwhile; reload it."));
        }
    }

    /// <summary>
    /// Pays the authors of the cases the coach gave for an opportunity that this save wins (enters its pipeline's last
    /// stage), when the rep coached is not the author. Added to the same save; each coaching use is paid once.
    /// </summary>
    public static async Task PayCoachedWinsAsync(SalesDbContext db, IReadOnlyList<OpportunityStageEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            var stage = await db.PipelineStages.IgnoreQueryFilters().AsNoTracking().Where(s => s.Id == entry.StageId).Select(s => new { s.PipelineId, s.Position }).FirstOrDefaultAsync(cancellationToken);
            if (stage is null
                || await db.PipelineStages.IgnoreQueryFilters().AnyAsync(s => s.PipelineId == stage.PipelineId && s.Position > stage.Position, cancellationToken))
            {
                continue;
            }

            var uses = await db.CaseCoachingUses.IgnoreQueryFilters().Where(u => u.TenantId == entry.TenantId && u.OpportunityId == entry.OpportunityId && u.PaidAt == null)
                .Join(db.WonCases.IgnoreQueryFilters(), u => u.CaseId, c => c.Id, (u, c) => new { Use = u, c.AuthorId, c.Title })
                .ToListAsync(cancellationToken);
            var payable = uses.Where(u => u.AuthorId != u.Use.MemberId).ToList();
            if (payable.Count == 0)
            {
                continue;
            }

            var settings = await SettingsAsync(db, entry.TenantId, cancellationToken);
            foreach (var use in payable)
            {
                use.Use.MarkPaid(entry.EnteredAt);
                if (settings.CoachedWinPoints > 0)
                {
                    db.IncentiveEntries.Add(IncentiveEntry.ContributionPoints(entry.TenantId, use.AuthorId, IncentiveEntryKind.CoachedWin, settings.CoachedWinPoints,
                        $"案例助攻赢单 case coached a won deal: {use.Title}", entry.OpportunityId, "system:enablement", entry.EnteredAt));
                }
            }
        }
    }
}
