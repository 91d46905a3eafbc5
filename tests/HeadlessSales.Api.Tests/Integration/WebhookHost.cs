using HeadlessSales.Api.Features.Integration;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Integration;

/// <summary>A host whose webhook loop the test drives (<see cref="WebhookSender.RunOnceAsync"/>), delivering to local receivers.</summary>
public sealed class WebhookHost : ApiFactory
{
    private readonly bool _allowPrivate;
    private readonly string _pollInterval;

    public WebhookHost(bool allowPrivateAddresses = true, string pollInterval = "00:00:00")
    {
        _allowPrivate = allowPrivateAddresses;
        _pollInterval = pollInterval;
        // Webhook timestamps are checked against the real clock by the receiver's library: start the fake clock at real time.
        Clock.SetUtcNow(DateTimeOffset.UtcNow);
    }

    /// <summary>A node over an existing data folder, as after a restart or beside another node.</summary>
    public WebhookHost(string dataFolder) : base(dataFolder, ownsDataFolder: false)
    {
        _allowPrivate = true;
        _pollInterval = "00:00:00";
        Clock.SetUtcNow(DateTimeOffset.UtcNow);
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Webhooks:AllowPrivateAddresses"] = _allowPrivate ? "true" : "false",
        ["Webhooks:PollInterval"] = _pollInterval,
        ["Webhooks:Timeout"] = "00:00:02",
    };

    public WebhookSender Sender => Services.GetRequiredService<WebhookSender>();
}
