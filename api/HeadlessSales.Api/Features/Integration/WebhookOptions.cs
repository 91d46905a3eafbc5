namespace HeadlessSales.Api.Features.Integration;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Whether receivers may be on loopback, link-local, private or multicast addresses. Off in production: a tenant
    /// admin must not make the server call its own network. Test hosts switch it on for their local receiver.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>How long one attempt may take: a slow receiver fails that attempt (and is retried), never holds others up.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a node's claim on an attempt holds: one that dies mid-attempt leaves it to others after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed attempts are retried for at least this long from the event; then the delivery is dead-lettered.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromDays(3);

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The longest <c>Retry-After</c> honoured; a receiver asking for more is retried after this.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long the previous secret keeps signing after a rotation.</summary>
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The longest a node sleeps between looks. It wakes sooner at the next due retry, when entries are committed on
    /// this node (or, with Redis, on another), and when an attempt ends; this only bounds how late it sees another
    /// node's commit it was not told of. Zero switches the loop off (tests drive it with <see cref="WebhookSender.RunOnceAsync"/>).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxConcurrentAttempts { get; set; } = 32;

    public int BatchSize { get; set; } = 200;
}
