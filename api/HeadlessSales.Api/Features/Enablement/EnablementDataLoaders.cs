using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

public sealed class WonCaseByIdDataLoader(SalesDbContextFactory databases, CurrentActor actor) : BatchDataLoader<long, WonCase>
{
    protected override async Task<IReadOnlyDictionary<long, WonCase>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await WonCaseVisibility.Visible(db, actor.Actor).AsNoTracking().Where(c => keys.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
    }
}

/// <summary>The submitted versions of many cases, oldest first; read only through a case the caller sees.</summary>
public sealed class WonCaseVersionsByCaseIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<WonCaseVersion>>
{
    protected override async Task<IReadOnlyDictionary<long, List<WonCaseVersion>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var versions = await db.WonCaseVersions.AsNoTracking().Where(v => keys.Contains(v.CaseId)).OrderBy(v => v.Version).ToListAsync(cancellationToken);
        return versions.GroupBy(v => v.CaseId).ToDictionary(g => g.Key, g => g.ToList());
    }
}

public sealed class RewardCatalogItemByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<RewardCatalogItem>(databases);

/// <summary>Redemptions seen as their member's records are (the row filter).</summary>
public sealed class PointsRedemptionByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<PointsRedemption>(databases);

public sealed class PracticeTaskByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<PracticeTask>(databases);

/// <summary>Practices seen by whoever sees their member's records, and by reviewers (<see cref="PracticeVisibility"/>).</summary>
public sealed class PracticeSubmissionByIdDataLoader(SalesDbContextFactory databases, CurrentActor actor) : BatchDataLoader<long, PracticeSubmission>
{
    protected override async Task<IReadOnlyDictionary<long, PracticeSubmission>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await PracticeVisibility.Visible(db, actor.Actor).AsNoTracking().Where(s => keys.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
    }
}

/// <summary>Obligations seen as their member's records are (the row filter).</summary>
public sealed class CaseObligationByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<CaseObligation>(databases);

public sealed class TrainingCourseByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<TrainingCourse>(databases);
