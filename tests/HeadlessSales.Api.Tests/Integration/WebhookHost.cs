using HeadlessSales.Api.Features.Integration;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Integration;

/// <summary>A host whose webhook loop the test drives (<see cref="WebhookSender.RunOnceAsync"/>), delivering to local receivers.</summary>
public sealed class WebhookHost : ApiFactory
{
    private readonly bool _allowPrivate;
    private readonly string _pollInterval;
    private readonly string? _postgreSqlConnectionString;

    /// <param name="postgreSqlConnectionString">A PostgreSQL database to run on instead of the host's own SQLite file.</param>
    public WebhookHost(bool allowPrivateAddresses = true, string pollInterval = "00:00:00", string? postgreSqlConnectionString = null)
    {
        _allowPrivate = allowPrivateAddresses;
        _pollInterval = pollInterval;
        _postgreSqlConnectionString = postgreSqlConnectionString;
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

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                ["Webhooks:AllowPrivateAddresses"] = _allowPrivate ? "true" : "false",
                ["Webhooks:PollInterval"] = _pollInterval,
                ["Webhooks:Timeout"] = "00:00:02",
            };
            if (_postgreSqlConnectionString is { } connectionString)
            {
                settings["Database:Provider"] = "PostgreSql";
                settings["Database:ConnectionString"] = connectionString;
            }

            return settings;
        }
    }

    public WebhookSender Sender => Services.GetRequiredService<WebhookSender>();
}
