using System.Collections.Concurrent;

namespace HeadlessSales.Api.Infrastructure.Events;

/// <summary>Something that happened in a tenant, published after it was committed.</summary>
public interface IDomainEvent
{
    long TenantId { get; }

    DateTime OccurredAt { get; }
}

/// <summary>
/// Carries committed domain events to subscriptions and other listeners. Events carry ids, not entities:
/// a listener reloads what it needs with its own permissions.
/// </summary>
public interface IEventBus
{
    void Publish<TEvent>(TEvent domainEvent) where TEvent : IDomainEvent;

    /// <param name="filter">Which events this subscriber receives.</param>
    /// <param name="isLast">An event after which the stream completes, e.g. the deletion of the watched object.</param>
    IObservable<TEvent> Observe<TEvent>(Func<TEvent, bool> filter, Func<TEvent, bool>? isLast = null) where TEvent : IDomainEvent;

    /// <summary>Live subscribers on this node, across event types.</summary>
    int SubscriberCount { get; }
}

/// <summary>The single-node bus: subscribers in this process only.</summary>
public sealed class InProcessEventBus(ILogger<InProcessEventBus> logger) : IEventBus
{
    private readonly ConcurrentDictionary<Type, ConcurrentDictionary<object, Action<object>>> _subscribers = new();

    public void Publish<TEvent>(TEvent domainEvent) where TEvent : IDomainEvent
    {
        if (!_subscribers.TryGetValue(typeof(TEvent), out var subscribers))
        {
            return;
        }

        foreach (var deliver in subscribers.Values)
        {
            try
            {
                deliver(domainEvent);
            }
            catch (Exception exception)
            {
                // One failing subscriber must not keep the event from the others.
                logger.LogError(exception, "A subscriber of {EventType} failed", typeof(TEvent).Name);
            }
        }
    }

    public IObservable<TEvent> Observe<TEvent>(Func<TEvent, bool> filter, Func<TEvent, bool>? isLast = null) where TEvent : IDomainEvent =>
        new Stream<TEvent>(this, filter, isLast);

    public int SubscriberCount => _subscribers.Values.Sum(subscribers => subscribers.Count);

    private sealed class Stream<TEvent>(InProcessEventBus bus, Func<TEvent, bool> filter, Func<TEvent, bool>? isLast) : IObservable<TEvent>
        where TEvent : IDomainEvent
    {
        public IDisposable Subscribe(IObserver<TEvent> observer)
        {
            var subscribers = bus._subscribers.GetOrAdd(typeof(TEvent), _ => new ConcurrentDictionary<object, Action<object>>());
            var token = new object();
            var done = 0;
            subscribers[token] = payload =>
            {
                var domainEvent = (TEvent)payload;
                if (Volatile.Read(ref done) == 1 || !filter(domainEvent))
                {
                    return;
                }

                observer.OnNext(domainEvent);
                if (isLast?.Invoke(domainEvent) == true && Interlocked.Exchange(ref done, 1) == 0)
                {
                    subscribers.TryRemove(token, out _);
                    observer.OnCompleted();
                }
            };

            return new Unsubscriber(() =>
            {
                Interlocked.Exchange(ref done, 1);
                subscribers.TryRemove(token, out _);
            });
        }
    }

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
