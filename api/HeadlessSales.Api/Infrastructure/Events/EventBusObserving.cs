namespace HeadlessSales.Api.Infrastructure.Events;

public static class EventBusObserving
{
    /// <summary>Calls <paramref name="onNext"/> for each matching event until the returned handle is disposed.</summary>
    public static IDisposable Listen<TEvent>(this IEventBus bus, Func<TEvent, bool> filter, Action<TEvent> onNext) where TEvent : IDomainEvent =>
        bus.Observe(filter).Subscribe(new Listener<TEvent>(onNext));

    private sealed class Listener<TEvent>(Action<TEvent> onNext) : IObserver<TEvent>
    {
        public void OnNext(TEvent value) => onNext(value);

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
