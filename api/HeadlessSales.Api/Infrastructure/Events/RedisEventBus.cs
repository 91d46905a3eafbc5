using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using StackExchange.Redis;

namespace HeadlessSales.Api.Infrastructure.Events;

public static class EventBusServiceCollectionExtensions
{
    /// <summary>The in-process bus; with <c>Redis:Configuration</c> set, Redis pub/sub carries events between nodes as well.</summary>
    public static IServiceCollection AddEventBus(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<InProcessEventBus>();
        if (configuration["Redis:Configuration"] is not { Length: > 0 } redis)
        {
            services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<InProcessEventBus>());
            return services;
        }

        var options = ConfigurationOptions.Parse(redis);
        // A node must start, and serve its own subscribers, while Redis is briefly away.
        options.AbortOnConnectFail = false;
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        services.AddSingleton(sp => new RedisEventBus(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<InProcessEventBus>(),
            configuration["Redis:Channel"] is { Length: > 0 } channel ? channel : RedisEventBus.DefaultChannel,
            sp.GetRequiredService<ILogger<RedisEventBus>>(),
            sp.GetService<JournalWakeups>()));
        services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<RedisEventBus>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisEventBus>());
        return services;
    }
}

/// <summary>
/// Events between nodes: each event is delivered to this node's subscribers at once and published on a Redis
/// channel, from which every other node delivers it to its own. Events carry ids only, so a subscriber on
/// another node reloads what it shows from the shared database with its own permissions.
/// </summary>
/// <remarks>
/// Pub/sub is fire-and-forget: a node that is disconnected at the moment misses the live event, not the data. An event
/// from another node was journaled and committed there, so it also wakes this node's journal consumers (a hint; they
/// read the journal).
/// </remarks>
public sealed class RedisEventBus(IConnectionMultiplexer redis, InProcessEventBus local, string channel, ILogger<RedisEventBus> logger, JournalWakeups? wakeups = null) : IEventBus, IHostedService
{
    public const string DefaultChannel = "headlesssales:events";

    /// <summary>Only these types are ever deserialized from the channel: the domain events of this application.</summary>
    private static readonly Dictionary<string, Type> EventTypes = typeof(IDomainEvent).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IDomainEvent).IsAssignableFrom(t))
        .ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    private static readonly MethodInfo PublishLocally = typeof(InProcessEventBus).GetMethod(nameof(InProcessEventBus.Publish))!;

    private readonly ConcurrentDictionary<Type, Action<object>> _deliverers = new();
    private readonly RedisChannel _channel = RedisChannel.Literal(channel);
    private readonly string _node = Guid.NewGuid().ToString("N");

    public void Publish<TEvent>(TEvent domainEvent) where TEvent : IDomainEvent
    {
        local.Publish(domainEvent);
        var envelope = JsonSerializer.Serialize(new Envelope(_node, typeof(TEvent).FullName!, JsonSerializer.SerializeToElement(domainEvent)));
        try
        {
            redis.GetSubscriber().Publish(_channel, envelope, CommandFlags.FireAndForget);
        }
        catch (RedisException exception)
        {
            logger.LogWarning(exception, "{EventType} was not sent to other nodes", typeof(TEvent).Name);
        }
    }

    public IObservable<TEvent> Observe<TEvent>(Func<TEvent, bool> filter, Func<TEvent, bool>? isLast = null) where TEvent : IDomainEvent =>
        local.Observe(filter, isLast);

    public int SubscriberCount => local.SubscriberCount;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        await redis.GetSubscriber().SubscribeAsync(_channel, (_, message) => Receive(message));

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(_channel).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or OperationCanceledException)
        {
            // The node is going away and its connection with it; a busy or absent Redis must not fail the shutdown.
            logger.LogWarning(exception, "Leaving the event channel failed while stopping");
        }
    }

    private void Receive(RedisValue message)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(message.ToString());
            if (envelope is null || envelope.Node == _node)
            {
                return;
            }

            if (!EventTypes.TryGetValue(envelope.Type, out var type))
            {
                logger.LogWarning("Ignored an event of unknown type {EventType} from another node", envelope.Type);
                return;
            }

            var domainEvent = envelope.Payload.Deserialize(type)!;
            _deliverers.GetOrAdd(type, t =>
            {
                var publish = PublishLocally.MakeGenericMethod(t);
                return e => publish.Invoke(local, [e]);
            })(domainEvent);
            wakeups?.Announce();
        }
        catch (Exception exception) when (exception is JsonException or TargetInvocationException or NotSupportedException)
        {
            logger.LogError(exception, "An event from another node could not be delivered");
        }
    }

    private sealed record Envelope(string Node, string Type, JsonElement Payload);
}
