using System.Text.Json;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Infrastructure.Events;

public sealed class EventJournalOptions
{
    public const string Section = "EventJournal";

    /// <summary>How long entries are kept: the feed and webhook replays reach this far back.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often each tenant's old entries are pruned.</summary>
    public TimeSpan PruneEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Whether each tenant gets its pruning timer on start. Test hosts that move their clock may switch it off.</summary>
    public bool SchedulePruning { get; set; } = true;
}

/// <summary>How one kind of domain event is journaled; a feature registers one per event type it raises.</summary>
public abstract class JournaledEventType
{
    internal static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The stable public name, <c>noun.past-tense</c> (e.g. <c>lead.assigned</c>).</summary>
    public required string Name { get; init; }

    public abstract Type ClrType { get; }

    internal abstract string? SubjectOf(IDomainEvent domainEvent);

    internal abstract string PayloadOf(IDomainEvent domainEvent);

    internal abstract void Publish(IEventBus bus, IDomainEvent domainEvent);

    /// <summary>The global id of a record, as the GraphQL API gives it.</summary>
    public static string Subject(string typeName, long key) => GlobalId.Encode(typeName, key);
}

public sealed class JournaledEventType<TEvent> : JournaledEventType where TEvent : IDomainEvent
{
    public required Func<TEvent, string?> About { get; init; }

    /// <summary>What the payload shows; by default the event itself without its tenant.</summary>
    public Func<TEvent, object>? Payload { get; init; }

    public override Type ClrType => typeof(TEvent);

    internal override string? SubjectOf(IDomainEvent domainEvent) => About((TEvent)domainEvent);

    internal override string PayloadOf(IDomainEvent domainEvent)
    {
        if (Payload is { } project)
        {
            return JsonSerializer.Serialize(project((TEvent)domainEvent), PayloadJson);
        }

        var node = JsonSerializer.SerializeToNode(domainEvent, typeof(TEvent), PayloadJson)!.AsObject();
        node.Remove("tenantId");
        return node.ToJsonString(PayloadJson);
    }

    // The bus routes by the static type: publish as TEvent, as the call sites did before the journal.
    internal override void Publish(IEventBus bus, IDomainEvent domainEvent) => bus.Publish((TEvent)domainEvent);
}

/// <summary>Every journaled event type, by CLR type and by public name.</summary>
public sealed class JournaledEventTypes
{
    private readonly Dictionary<Type, JournaledEventType> _byType;
    private readonly Dictionary<string, JournaledEventType> _byName;

    public JournaledEventTypes(IEnumerable<JournaledEventType> types)
    {
        var all = types.ToList();
        _byType = all.ToDictionary(t => t.ClrType);
        _byName = all.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public bool IsKnown(string name) => _byName.ContainsKey(name);

    internal JournaledEventType Of(IDomainEvent domainEvent) =>
        _byType.TryGetValue(domainEvent.GetType(), out var type)
            ? type
            : throw new InvalidOperationException($"{domainEvent.GetType().Name} is not a journaled event type: register it with AddJournaledEvent.");
}

public static class EventJournalServiceCollectionExtensions
{
    /// <summary>The journal, its interceptor and its pruning; the platform's own events are registered here.</summary>
    public static IServiceCollection AddEventJournal(this IServiceCollection services)
    {
        services.AddOptions<EventJournalOptions>().BindConfiguration(EventJournalOptions.Section);
        services.AddSingleton<JournaledEventTypes>();
        services.AddSingleton<JournalWakeups>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, EventJournalInterceptor>();
        services.AddSingleton<EventJournal>();
        services.AddSingleton<Scheduling.ITimerHandler, JournalPruning>();
        services.AddHostedService<JournalPruningScheduler>();
        services.AddJournaledEvent<Tenancy.MemberStandingChanged>("member.standing-changed", e => e.MemberId is { } id ? JournaledEventType.Subject("Member", id) : null);
        services.AddJournaledEvent<Tenancy.IntegrationClientRevoked>("integration-client.revoked", _ => null);
        services.AddJournaledEvent<Tenancy.TenantStandingChanged>("tenant.standing-changed", e => JournaledEventType.Subject("Tenant", e.TenantId));
        return services;
    }

    /// <summary>Journals <typeparamref name="TEvent"/> under <paramref name="name"/>, about the record <paramref name="subject"/> names.</summary>
    public static IServiceCollection AddJournaledEvent<TEvent>(this IServiceCollection services, string name, Func<TEvent, string?> subject, Func<TEvent, object>? payload = null)
        where TEvent : IDomainEvent =>
        services.AddSingleton<JournaledEventType>(new JournaledEventType<TEvent> { Name = name, About = subject, Payload = payload });
}

public static class EventJournaling
{
    /// <summary>
    /// Records an event to be journaled by this context's next <c>SaveChangesAsync</c>, in its transaction (one is
    /// opened for it when none is), and published on the bus once that transaction commits.
    /// </summary>
    public static void Journal(this SalesDbContext db, IDomainEvent domainEvent) => db.JournalPending.Add(() => domainEvent);

    /// <summary>As <see cref="Journal(SalesDbContext, IDomainEvent)"/>, built once the save has given new rows their keys.</summary>
    public static void Journal(this SalesDbContext db, Func<IDomainEvent> domainEvent) => db.JournalPending.Add(domainEvent);

    public static void Journal(this SalesDbContext db, IEnumerable<IDomainEvent> domainEvents)
    {
        foreach (var domainEvent in domainEvents)
        {
            db.Journal(domainEvent);
        }
    }
}

/// <summary>What consumers read: committed entries after a position, in position order.</summary>
public sealed class EventJournal(ISalesDbContextPool pool, TimeProvider clock, IOptions<EventJournalOptions> options)
{
    public TimeSpan Retention => options.Value.Retention;

    /// <summary>The oldest moment still retained: entries recorded before it may be gone.</summary>
    public DateTime RetainedSince => clock.GetUtcNow().UtcDateTime - options.Value.Retention;

    /// <summary>A tenant's entries after <paramref name="after"/>, optionally of some types, oldest first.</summary>
    public async Task<List<JournalEntry>> ReadAfterAsync(long tenantId, long after, IReadOnlyCollection<string>? types, int max, CancellationToken cancellationToken)
    {
        await using var db = pool.Rent(tenantId);
        return await Query(db.JournalEntries.AsNoTracking(), after, types).Take(max).ToListAsync(cancellationToken);
    }

    /// <summary>Every tenant's entries after <paramref name="after"/>: for system consumers that keep one cursor (e.g. webhooks, rules).</summary>
    public async Task<List<JournalEntry>> ReadAfterAcrossTenantsAsync(long after, int max, CancellationToken cancellationToken)
    {
        await using var db = pool.RentAcrossTenants();
        return await Query(db.JournalEntries.IgnoreQueryFilters().AsNoTracking(), after, null).Take(max).ToListAsync(cancellationToken);
    }

    /// <summary>The last position given out so far (0 on an empty journal): a new consumer that wants only what comes next starts here.</summary>
    public async Task<long> LastPositionAsync(CancellationToken cancellationToken)
    {
        await using var db = pool.RentAcrossTenants();
        return await db.Set<JournalCounter>().AsNoTracking().Where(c => c.Id == JournalCounter.SingleRow).Select(c => c.Last).SingleAsync(cancellationToken);
    }

    private static IQueryable<JournalEntry> Query(IQueryable<JournalEntry> entries, long after, IReadOnlyCollection<string>? types)
    {
        var query = entries.Where(e => e.Id > after);
        if (types is { Count: > 0 })
        {
            query = query.Where(e => types.Contains(e.Type));
        }

        return query.OrderBy(e => e.Id);
    }
}

/// <summary>Tells this node's journal consumers that entries were committed here, so they read at once instead of at their next poll.</summary>
public sealed class JournalWakeups
{
    private Action? _listeners;

    public void Announce() => _listeners?.Invoke();

    public IDisposable Listen(Action onCommitted)
    {
        _listeners += onCommitted;
        return new Unlisten(() => _listeners -= onCommitted);
    }

    private sealed class Unlisten(Action unlisten) : IDisposable
    {
        public void Dispose() => unlisten();
    }
}
