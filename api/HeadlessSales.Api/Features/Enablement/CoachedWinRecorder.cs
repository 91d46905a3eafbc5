using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>
/// Reads a win off the save that carries it (an opportunity entering its pipeline's last stage) and pays, in that save,
/// the authors of the cases the coach gave for that opportunity to another rep. Pipeline does not know any of this.
/// </summary>
public sealed class CoachedWinRecorder : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is SalesDbContext db && Entered(db) is { Count: > 0 } entries)
        {
            ContributionLedger.PayCoachedWinsAsync(db, entries, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is SalesDbContext db && Entered(db) is { Count: > 0 } entries)
        {
            await ContributionLedger.PayCoachedWinsAsync(db, entries, cancellationToken);
        }

        return result;
    }

    /// <summary>The stage entries this save adds moving forward; no query unless there is one.</summary>
    private static List<OpportunityStageEntry> Entered(SalesDbContext db) =>
        db.ChangeTracker.Entries<OpportunityStageEntry>().Where(e => e.State == EntityState.Added && e.Entity.Kind != StageEntryKind.MovedBack).Select(e => e.Entity).ToList();
}
