using System.Globalization;
using System.Runtime.CompilerServices;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.Targets;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HeadlessSales.Api.Features.Insights.Rhythm;

/// <summary>
/// Reads the signing rhythm off the saves that carry it, in their own transaction: a document uploaded on an opportunity,
/// an opportunity entering a stage, or a follow-up's tag that a tenant's <see cref="DecisionSignalDefinition"/> names
/// becomes a <see cref="DecisionSignal"/>; every new signal (these, and those <c>recordDecisionSignal</c> adds) stores a
/// <see cref="SigningReminder"/> for the opportunity's owner, announced once the save is committed; and a contract whose
/// signature turns SIGNED inside the tenant's bonus window pays the rhythm bonus into the incentive ledger, guarded by the
/// unique <see cref="RhythmBonusAward"/> of the contract (SIGNED is final and the status is a concurrency token, so only
/// one save ever makes that turn). Documents, Pipeline, Activities and Contracts do not know any of this.
/// </summary>
public sealed class RhythmRecorder(IServiceProvider services) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<SigningReminder>> _announce = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is SalesDbContext db)
        {
            RecordAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is SalesDbContext db)
        {
            await RecordAsync(db, cancellationToken);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Announce(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Announce(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Forget(DbContext? db)
    {
        if (db is not null)
        {
            _announce.Remove(db);
        }
    }

    private void Announce(DbContext? db)
    {
        if (db is null || !_announce.TryGetValue(db, out var reminders))
        {
            return;
        }

        _announce.Remove(db);
        var bus = services.GetRequiredService<IEventBus>();
        foreach (var reminder in reminders)
        {
            bus.Publish(new SigningReminderRaised(reminder.TenantId, reminder.Id, reminder.MemberId, reminder.OpportunityId, reminder.SignalCode, reminder.SignalName, reminder.CreatedAt));
        }
    }

    private sealed record Sighting(long TenantId, long OpportunityId, DecisionSignalSource Source, string Code, DateTime At);

    private async Task RecordAsync(SalesDbContext db, CancellationToken cancellationToken)
    {
        var sightings = await SightingsAsync(db, cancellationToken);
        if (sightings.Count > 0)
        {
            await AddSignalsAsync(db, sightings, cancellationToken);
        }

        var reminders = new List<SigningReminder>();
        foreach (var entry in db.ChangeTracker.Entries<DecisionSignal>().Where(e => e.State == EntityState.Added).ToList())
        {
            var signal = entry.Entity;
            var name = await db.DecisionSignalDefinitions.IgnoreQueryFilters().Where(d => d.Id == signal.DefinitionId).Select(d => d.Name).FirstAsync(cancellationToken);
            var reminder = new SigningReminder
            {
                TenantId = signal.TenantId, MemberId = signal.OwnerId, OpportunityId = signal.OpportunityId, SignalCode = signal.Code, SignalName = name,
                CreatedAt = signal.OccurredAt,
            };
            db.SigningReminders.Add(reminder);
            reminders.Add(reminder);
        }

        if (reminders.Count > 0)
        {
            _announce.AddOrUpdate(db, reminders);
        }

        await PayRhythmBonusesAsync(db, cancellationToken);
    }

    /// <summary>What this save shows that a signal could be read from; no query unless it holds a document, a stage entry or a tagged follow-up on an opportunity.</summary>
    private static async Task<List<Sighting>> SightingsAsync(SalesDbContext db, CancellationToken cancellationToken)
    {
        var sightings = new List<Sighting>();
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added))
        {
            switch (entry.Entity)
            {
                case Document { OpportunityId: { } opportunityId } document:
                    var kind = await db.DocumentKinds.IgnoreQueryFilters().Where(k => k.Id == document.KindId).Select(k => k.Code).FirstOrDefaultAsync(cancellationToken);
                    if (kind is not null)
                    {
                        sightings.Add(new Sighting(document.TenantId, opportunityId, DecisionSignalSource.Document, kind, document.CreatedAt));
                    }

                    break;
                case OpportunityStageEntry { Kind: not StageEntryKind.MovedBack } stay:
                    var stage = await db.PipelineStages.IgnoreQueryFilters().Where(s => s.Id == stay.StageId).Select(s => s.Code).FirstOrDefaultAsync(cancellationToken);
                    if (stage is not null)
                    {
                        sightings.Add(new Sighting(stay.TenantId, stay.OpportunityId, DecisionSignalSource.Stage, stage, stay.EnteredAt));
                    }

                    break;
                case Activity { SubjectKind: ActivitySubjectKind.Opportunity } activity:
                    sightings.AddRange(activity.TagCodes.Select(tag => new Sighting(activity.TenantId, activity.SubjectId, DecisionSignalSource.Tag, tag, activity.OccurredAt)));
                    break;
            }
        }

        return sightings;
    }

    private static async Task AddSignalsAsync(SalesDbContext db, List<Sighting> sightings, CancellationToken cancellationToken)
    {
        var tenantIds = sightings.Select(s => s.TenantId).Distinct().ToList();
        var definitions = await db.DecisionSignalDefinitions.IgnoreQueryFilters()
            .Where(d => tenantIds.Contains(d.TenantId) && d.Source != DecisionSignalSource.Api).ToListAsync(cancellationToken);
        var matches = sightings
            .SelectMany(s => definitions.Where(d => d.TenantId == s.TenantId && d.Source == s.Source && d.SourceCode == s.Code).Select(d => (Sighting: s, Definition: d)))
            .GroupBy(m => (m.Sighting.OpportunityId, m.Definition.Id))
            .Select(g => g.OrderBy(m => m.Sighting.At).First())
            .ToList();
        if (matches.Count == 0)
        {
            return;
        }

        var opportunityIds = matches.Select(m => m.Sighting.OpportunityId).Distinct().ToList();
        var definitionIds = matches.Select(m => m.Definition.Id).Distinct().ToList();
        var seen = (await db.DecisionSignals.IgnoreQueryFilters()
                .Where(s => opportunityIds.Contains(s.OpportunityId) && definitionIds.Contains(s.DefinitionId))
                .Select(s => new { s.OpportunityId, s.DefinitionId }).ToListAsync(cancellationToken))
            .Select(s => (s.OpportunityId, s.DefinitionId)).ToHashSet();
        var owners = await OwnersAsync(db, opportunityIds, cancellationToken);
        foreach (var (sighting, definition) in matches)
        {
            if (seen.Add((sighting.OpportunityId, definition.Id)) && owners.TryGetValue(sighting.OpportunityId, out var owner))
            {
                db.DecisionSignals.Add(DecisionSignal.Of(definition, sighting.OpportunityId, owner, sighting.At));
            }
        }
    }

    /// <summary>The owners as this save leaves them: a tracked opportunity (just created or moved) first, the stored row otherwise.</summary>
    private static async Task<Dictionary<long, long>> OwnersAsync(SalesDbContext db, List<long> opportunityIds, CancellationToken cancellationToken)
    {
        var owners = db.ChangeTracker.Entries<Opportunity>().Where(e => opportunityIds.Contains(e.Entity.Id)).ToDictionary(e => e.Entity.Id, e => e.Entity.OwnerId);
        var missing = opportunityIds.Where(id => !owners.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var row in await db.Opportunities.IgnoreQueryFilters().Where(o => missing.Contains(o.Id)).Select(o => new { o.Id, o.OwnerId }).ToListAsync(cancellationToken))
            {
                owners[row.Id] = row.OwnerId;
            }
        }

        return owners;
    }

    private static async Task PayRhythmBonusesAsync(SalesDbContext db, CancellationToken cancellationToken)
    {
        var signed = db.ChangeTracker.Entries<Contract>()
            .Where(e => e.State == EntityState.Modified
                && e.Property(c => c.SignatureStatus).OriginalValue != SignatureStatus.Signed && e.Entity.SignatureStatus == SignatureStatus.Signed && e.Entity.SignedAt is not null)
            .Select(e => e.Entity)
            .ToList();
        foreach (var contract in signed)
        {
            var settings = await db.RhythmSettings.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(s => s.TenantId == contract.TenantId, cancellationToken)
                ?? new RhythmSettings { TenantId = contract.TenantId };
            var zone = ReportingMonths.ZoneOf(await db.Tenants.IgnoreQueryFilters().Where(t => t.Id == contract.TenantId).Select(t => t.TimeZone).SingleAsync(cancellationToken));
            var localDay = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(contract.SignedAt!.Value, DateTimeKind.Utc), zone).Day;
            if (!settings.EarnsBonus(localDay)
                || await db.RhythmBonusAwards.IgnoreQueryFilters().AnyAsync(a => a.TenantId == contract.TenantId && a.ContractId == contract.Id, cancellationToken))
            {
                continue;
            }

            var bonus = new Money(decimal.Round(contract.Amount * settings.BonusRate, 2, MidpointRounding.AwayFromZero), contract.Currency);
            db.IncentiveEntries.Add(IncentiveEntry.RhythmBonus(contract.TenantId, contract.OwnerId, contract.OpportunityId, bonus,
                $"节奏奖励 rhythm bonus: {(settings.BonusRate * 100).ToString("0.###", CultureInfo.InvariantCulture)} % of {contract.Title}, signed on day {localDay}", contract.SignedAt.Value));
            db.RhythmBonusAwards.Add(new RhythmBonusAward { TenantId = contract.TenantId, ContractId = contract.Id, MemberId = contract.OwnerId, AwardedAt = contract.SignedAt.Value });
        }
    }
}
