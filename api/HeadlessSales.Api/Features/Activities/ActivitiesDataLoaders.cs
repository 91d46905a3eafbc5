using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Activities;

public sealed class ActivityByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Activity>(databases);

public sealed class ActivityTagByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<ActivityTag>(databases);

/// <summary>The caller's tenant's whole tag catalog by code, retired tags included, loaded once per request. The key is the tenant id.</summary>
public sealed class ActivityTagCatalogByTenantDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, IReadOnlyDictionary<string, ActivityTag>>
{
    protected override async Task<IReadOnlyDictionary<long, IReadOnlyDictionary<string, ActivityTag>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var tags = await db.ActivityTags.AsNoTracking().ToDictionaryAsync(t => t.Code, StringComparer.Ordinal, cancellationToken);
        return keys.Where(k => k == db.CurrentTenantId).ToDictionary(k => k, _ => (IReadOnlyDictionary<string, ActivityTag>)tags);
    }
}

/// <summary>The caller's tenant's follow-up sequence. The key is the tenant id.</summary>
public sealed class FollowUpSettingsByTenantDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, FollowUpSettings>
{
    protected override async Task<IReadOnlyDictionary<long, FollowUpSettings>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var settings = await FollowUpSettingsStore.GetAsync(db, cancellationToken);
        return keys.Where(k => k == db.CurrentTenantId).ToDictionary(k => k, _ => settings);
    }
}

/// <summary>Follow-up states by subject. Callers reach a subject's state only through the subject, which they see.</summary>
public sealed class FollowUpStateBySubjectDataLoader(SalesDbContextFactory databases) : BatchDataLoader<(ActivitySubjectKind Kind, long Id), FollowUpState>
{
    protected override async Task<IReadOnlyDictionary<(ActivitySubjectKind Kind, long Id), FollowUpState>> FetchAsync(IReadOnlyCollection<(ActivitySubjectKind Kind, long Id)> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var found = new Dictionary<(ActivitySubjectKind, long), FollowUpState>();
        foreach (var kind in keys.GroupBy(k => k.Kind))
        {
            var ids = kind.Select(k => k.Id).ToList();
            var states = await db.FollowUpStates.AsNoTracking().Where(s => s.SubjectKind == kind.Key && ids.Contains(s.SubjectId)).ToListAsync(cancellationToken);
            foreach (var state in states)
            {
                found[(state.SubjectKind, state.SubjectId)] = state;
            }
        }

        return found;
    }
}

public static class FollowUpSettingsStore
{
    /// <summary>The tenant's settings; the defaults when the tenant has none yet.</summary>
    public static async Task<FollowUpSettings> GetAsync(SalesDbContext db, CancellationToken cancellationToken) =>
        await db.FollowUpSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken)
        ?? new FollowUpSettings { TenantId = db.CurrentTenantId, Steps = FollowUpCatalog.DefaultSteps() };
}
