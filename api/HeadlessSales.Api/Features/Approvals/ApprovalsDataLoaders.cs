using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Approvals;

public sealed class ApprovalRequestByIdDataLoader(SalesDbContextFactory databases, CurrentActor actor) : BatchDataLoader<long, ApprovalRequest>
{
    protected override async Task<IReadOnlyDictionary<long, ApprovalRequest>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await ApprovalVisibility.Visible(db, actor.Actor).AsNoTracking().Where(r => keys.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
    }
}

public sealed class ApprovalPolicyByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<ApprovalPolicy>(databases);

public sealed class ApprovalDecisionsByRequestIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<ApprovalDecision>>
{
    protected override async Task<IReadOnlyDictionary<long, List<ApprovalDecision>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var decisions = await db.ApprovalDecisions.AsNoTracking().Where(d => keys.Contains(d.RequestId)).OrderBy(d => d.Step).ToListAsync(cancellationToken);
        return decisions.GroupBy(d => d.RequestId).ToDictionary(g => g.Key, g => g.ToList());
    }
}

/// <summary>The approval requests of many subjects of one type, newest first; the key is the subject id.</summary>
public abstract class ApprovalRequestsBySubjectIdDataLoader(SalesDbContextFactory databases, CurrentActor actor, string subjectType) : BatchDataLoader<long, List<ApprovalRequest>>
{
    protected override async Task<IReadOnlyDictionary<long, List<ApprovalRequest>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var requests = await ApprovalVisibility.Visible(db, actor.Actor).AsNoTracking()
            .Where(r => r.SubjectType == subjectType && keys.Contains(r.SubjectId)).OrderByDescending(r => r.Id).ToListAsync(cancellationToken);
        return requests.GroupBy(r => r.SubjectId).ToDictionary(g => g.Key, g => g.ToList());
    }
}
