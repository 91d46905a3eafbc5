using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.ProcessHealth.Alerts;

/// <summary>Loads alerts for <c>node(id:)</c> and events, with the caller's visibility: an alert they may not see reads as not found.</summary>
public sealed class HealthAlertByIdDataLoader(SalesDbContextFactory databases, CurrentActor actor) : BatchDataLoader<long, HealthAlert>
{
    protected override async Task<IReadOnlyDictionary<long, HealthAlert>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var viewer = await HealthAlertViewer.ForAsync(db, actor.Actor, cancellationToken);
        return await viewer.Visible(db.HealthAlerts.AsNoTracking()).Where(a => keys.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
    }
}
