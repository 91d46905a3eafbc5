using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.Features.Targets;

/// <summary>
/// "What stands behind this number": the records of the people under a target's node in its period, read with the
/// caller's own row visibility (the figures are the node's; the records are shown only as far as the caller sees them).
/// </summary>
public static class TargetContributions
{
    public static IQueryable<long> MembersUnder(SalesDbContext db, SalesTarget target)
    {
        var regionId = target.RegionId;
        var teamId = target.TeamId;
        var memberId = target.MemberId;
        return target.NodeKind switch
        {
            TargetNodeKind.Company => db.Members.Select(m => m.Id),
            TargetNodeKind.Region => db.Members.Where(m => m.RegionId == regionId || db.Teams.Any(team => team.Id == m.TeamId && team.RegionId == regionId)).Select(m => m.Id),
            TargetNodeKind.Team => db.Members.Where(m => m.TeamId == teamId).Select(m => m.Id),
            _ => db.Members.Where(m => m.Id == memberId).Select(m => m.Id),
        };
    }

    /// <summary>Contracts signed in the period, or collected in it, by the people under the node.</summary>
    public static IQueryable<Contract> Contracts(SalesDbContext db, SalesTarget target)
    {
        var members = MembersUnder(db, target);
        var (from, to) = (TargetAttainmentCalculator.Utc(target.PeriodStart), TargetAttainmentCalculator.Utc(target.PeriodEnd));
        var (fromDay, toDay) = (target.PeriodStart, target.PeriodEnd);
        return db.Contracts.Where(c => members.Contains(c.OwnerId)
            && ((c.SignatureStatus == SignatureStatus.Signed && c.SignedAt >= from && c.SignedAt < to)
                || db.Set<PaymentCollection>().Any(p => p.ContractId == c.Id && p.ReceivedOn >= fromDay && p.ReceivedOn < toDay)));
    }

    /// <summary>Opportunities created in the period by the people under the node (the pool quality opportunities are counted from).</summary>
    public static IQueryable<Opportunity> Opportunities(SalesDbContext db, SalesTarget target)
    {
        var members = MembersUnder(db, target);
        var (from, to) = (TargetAttainmentCalculator.Utc(target.PeriodStart), TargetAttainmentCalculator.Utc(target.PeriodEnd));
        return db.Opportunities.Where(o => members.Contains(o.OwnerId) && o.CreatedAt >= from && o.CreatedAt < to);
    }

    /// <summary>The accounts of those contracts.</summary>
    public static IQueryable<Account> Accounts(SalesDbContext db, SalesTarget target)
    {
        var contracts = Contracts(db, target);
        return db.Accounts.Where(a => contracts.Any(c => c.AccountId == a.Id));
    }
}
