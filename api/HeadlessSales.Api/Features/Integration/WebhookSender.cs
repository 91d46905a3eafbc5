using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Features.Integration;

/// <summary>
/// Turns journal entries into deliveries (the fan-out) and sends the due ones, on every node.
/// </summary>
/// <remarks>
/// Fan-out: one cursor row, locked by the fanning transaction, so nodes take turns; the deliveries, the endpoints'
/// sequence numbers and the cursor's new position commit together, so an entry becomes a delivery exactly once per
/// endpoint. Sending: due deliveries are claimed with a conditional UPDATE (the durable timers' pattern); the outcome is
/// recorded only under the same claim. A node that dies mid-attempt leaves the claim to lapse, and another node sends
/// the same message (same <c>webhook-id</c>, same body) again: delivery is at least once, never lost.
/// </remarks>
public sealed class WebhookSender(
    ISalesDbContextPool pool,
    IHttpClientFactory http,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    ILogger<WebhookSender> logger,
    JournalWakeups? wakeups = null) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    private readonly WebhookOptions _options = options.Value;
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private TaskCompletionSource _woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When the loop looks next unless woken sooner; null while it is looking (or not running).</summary>
    public DateTimeOffset? NextLookAt { get; private set; }

    /// <summary>
    /// Sleeps until the next due attempt (a retry, or a lapsing claim), capped by the poll interval; wakes early when
    /// entries are committed (here, or on another node through the bus) and when an attempt ends. An idle node looks
    /// once per poll interval, not once a second.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.PollInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var listening = wakeups?.Listen(() => _woken.TrySetResult());
        while (!stoppingToken.IsCancellationRequested)
        {
            var woken = _woken.Task;
            var now = clock.GetUtcNow().UtcDateTime;
            var wakeAt = now + _options.PollInterval;
            try
            {
                await FanOutAsync(stoppingToken);
                StartDue(await ClaimDueAsync(_options.MaxConcurrentAttempts - _inFlight.Count, stoppingToken), stoppingToken);
                if (await NextDueAsync(stoppingToken) is { } due && due < wakeAt)
                {
                    // Due now but not claimable this instant (every slot busy, or a claim lapsing this tick): the end of an attempt wakes us.
                    now = clock.GetUtcNow().UtcDateTime;
                    wakeAt = due > now ? due : now + RecheckAfterBusy;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Webhook fan-out or claim failed");
            }

            NextLookAt = new DateTimeOffset(wakeAt, TimeSpan.Zero);
            var delay = wakeAt - clock.GetUtcNow().UtcDateTime;
            if (delay > TimeSpan.Zero)
            {
                using var sleep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(Task.Delay(delay, clock, sleep.Token), woken);
                await sleep.CancelAsync();
            }

            NextLookAt = null;
            if (woken.IsCompleted)
            {
                _woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private static readonly TimeSpan RecheckAfterBusy = TimeSpan.FromSeconds(1);

    /// <summary>When the next pending delivery of an enabled endpoint can be attempted: its retry time, or when its current claim lapses.</summary>
    private async Task<DateTime?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var db = pool.RentAcrossTenants();
        var endpoints = db.WebhookEndpoints.IgnoreQueryFilters();
        return await db.WebhookDeliveries.IgnoreQueryFilters()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && endpoints.Any(e => e.Id == d.EndpointId && e.Enabled))
            .Select(d => d.ClaimedUntil != null && d.ClaimedUntil > d.NextAttemptAt ? d.ClaimedUntil : (DateTime?)d.NextAttemptAt)
            .MinAsync(cancellationToken);
    }

    /// <summary>One round as the loop does it, waiting for the attempts: what tests and benchmarks drive.</summary>
    /// <returns>How many attempts were made.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await FanOutAsync(cancellationToken);
        var attempts = 0;
        while (await ClaimDueAsync(_options.BatchSize, cancellationToken) is { Count: > 0 } claimed)
        {
            await Task.WhenAll(claimed.Select(c => AttemptAsync(c.Delivery, c.Endpoint, cancellationToken)));
            attempts += claimed.Count;
        }

        return attempts;
    }

    private void StartDue(List<(WebhookDelivery Delivery, WebhookEndpoint Endpoint)> claimed, CancellationToken cancellationToken)
    {
        foreach (var (delivery, endpoint) in claimed)
        {
            var attempt = AttemptAsync(delivery, endpoint, cancellationToken);
            _inFlight[attempt] = 0;
            _ = attempt.ContinueWith(done =>
            {
                _inFlight.TryRemove(done, out _);
                // A free slot: look again at once, there may be more due.
                _woken.TrySetResult();
            }, TaskScheduler.Default);
        }
    }

    /// <summary>Creates the deliveries of the journal entries committed since the cursor; returns how many.</summary>
    public async Task<int> FanOutAsync(CancellationToken cancellationToken)
    {
        var created = 0;
        while (true)
        {
            await using var db = pool.RentAcrossTenants();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var cursor = db.Set<WebhookFanOutCursor>().Where(c => c.Id == WebhookFanOutCursor.SingleRow);
            // Lock the cursor first: a second node waits here and then reads the position this one leaves.
            await cursor.ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, c => c.Position), cancellationToken);
            var position = await cursor.Select(c => c.Position).SingleAsync(cancellationToken);
            var entries = await db.JournalEntries.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.Id > position).OrderBy(e => e.Id).Take(_options.BatchSize).ToListAsync(cancellationToken);
            if (entries.Count == 0)
            {
                return created;
            }

            var tenantIds = entries.Select(e => e.TenantId).Distinct().ToList();
            var endpoints = await db.WebhookEndpoints.IgnoreQueryFilters().Where(e => e.Enabled && tenantIds.Contains(e.TenantId)).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var entry in entries)
            {
                foreach (var endpoint in endpoints.Where(e => e.TenantId == entry.TenantId && e.Receives(entry)))
                {
                    db.WebhookDeliveries.Add(NewDelivery(entry, endpoint, endpoint.NextSequence++, now));
                    created++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            var last = entries[^1].Id;
            await cursor.ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, last), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    internal static WebhookDelivery NewDelivery(JournalEntry entry, WebhookEndpoint endpoint, long sequence, DateTime now) => new()
    {
        TenantId = entry.TenantId,
        EndpointId = endpoint.Id,
        Position = entry.Id,
        EventType = entry.Type,
        MessageId = "msg_" + Guid.NewGuid().ToString("N"),
        Sequence = sequence,
        Body = new JsonObject
        {
            ["type"] = entry.Type,
            ["timestamp"] = entry.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
            ["position"] = entry.Id,
            ["sequence"] = sequence,
            ["subjectId"] = entry.SubjectId,
            ["data"] = JsonNode.Parse(entry.Payload),
        }.ToJsonString(),
        OccurredAt = entry.OccurredAt,
        CreatedAt = now,
        Status = WebhookDeliveryStatus.Pending,
        NextAttemptAt = now,
    };

    /// <summary>Claims up to <paramref name="max"/> due deliveries of enabled endpoints for this node.</summary>
    public async Task<List<(WebhookDelivery Delivery, WebhookEndpoint Endpoint)>> ClaimDueAsync(int max, CancellationToken cancellationToken)
    {
        if (max <= 0)
        {
            return [];
        }

        await using var db = pool.RentAcrossTenants();
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.NewGuid();
        var deliveries = db.WebhookDeliveries.IgnoreQueryFilters();
        var endpoints = db.WebhookEndpoints.IgnoreQueryFilters();
        var due = await deliveries
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now)
                && endpoints.Any(e => e.Id == d.EndpointId && e.Enabled))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Select(d => d.Id)
            .Take(max)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }

        // The availability test is repeated in the UPDATE: of two nodes that read the same ids, each row goes to one.
        await deliveries
            .Where(d => due.Contains(d.Id) && d.Status == WebhookDeliveryStatus.Pending && (d.ClaimedUntil == null || d.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.ClaimToken, token)
                .SetProperty(d => d.ClaimedUntil, now + _options.Lease)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);
        var claimed = await deliveries.AsNoTracking().Where(d => d.ClaimToken == token).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var endpointIds = claimed.Select(d => d.EndpointId).Distinct().ToList();
        var byId = await endpoints.AsNoTracking().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        return claimed.Select(d => (d, byId[d.EndpointId])).ToList();
    }

    private async Task AttemptAsync(WebhookDelivery delivery, WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        int? status = null;
        string? error = null;
        TimeSpan? retryAfter = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("webhook-id", delivery.MessageId);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSigning.Header(endpoint, delivery.MessageId, timestamp, delivery.Body, now));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            retryAfter = RetryAfterOf(response, clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"No answer within {_options.Timeout.TotalSeconds:0.#} s.";
        }
        catch (HttpRequestException exception)
        {
            error = (exception.InnerException as WebhookAddressRefusedException)?.Message ?? exception.Message;
        }

        // A node going down records nothing: its claim lapses and another node sends the same message again.
        cancellationToken.ThrowIfCancellationRequested();
        await RecordAsync(delivery, endpoint, status, error, retryAfter);
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => null,
        };

    /// <summary>An attempt's answer waiting to be written, and the attempt waiting for it.</summary>
    private sealed record PendingOutcome(WebhookDelivery Delivery, WebhookEndpoint Endpoint, int? Status, string? Error, TimeSpan? RetryAfter)
    {
        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly ConcurrentQueue<PendingOutcome> _outcomes = new();
    private readonly SemaphoreSlim _outcomeWriter = new(1, 1);

    /// <summary>
    /// Records an attempt's outcome together with every other outcome waiting (a group commit): whichever attempt
    /// holds the writer writes all queued outcomes in one transaction, the others find theirs written. On SQLite each
    /// write takes the one write lock shared with the writers' mutations, so one per round instead of one per attempt
    /// is what keeps deliveries from queueing behind a busy database.
    /// </summary>
    private async Task RecordAsync(WebhookDelivery delivery, WebhookEndpoint endpoint, int? status, string? error, TimeSpan? retryAfter)
    {
        var outcome = new PendingOutcome(delivery, endpoint, status, error, retryAfter);
        _outcomes.Enqueue(outcome);
        await _outcomeWriter.WaitAsync(CancellationToken.None);
        try
        {
            if (!outcome.Written.Task.IsCompleted)
            {
                var batch = new List<PendingOutcome>();
                while (_outcomes.TryDequeue(out var queued))
                {
                    batch.Add(queued);
                }

                try
                {
                    await WriteOutcomesAsync(batch);
                    batch.ForEach(o => o.Written.TrySetResult());
                }
                catch (Exception exception)
                {
                    batch.ForEach(o => o.Written.TrySetException(exception));
                }
            }
        }
        finally
        {
            _outcomeWriter.Release();
        }

        await outcome.Written.Task;
    }

    /// <summary>How many transactions have written outcomes, and how many outcomes they wrote: benchmarks read the ratio.</summary>
    public (long Transactions, long Outcomes) OutcomeWrites => (_outcomeTransactions, _outcomesWritten);

    private long _outcomeTransactions;
    private long _outcomesWritten;

    private async Task WriteOutcomesAsync(List<PendingOutcome> batch)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = pool.RentAcrossTenants();
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var deliveries = db.WebhookDeliveries.IgnoreQueryFilters();
        foreach (var (delivery, endpoint, status, error, retryAfter) in batch)
        {
            var outcome = WebhookRetries.Decide(delivery, status, retryAfter, now, _options);
            // Each outcome still counts only under the claim it was attempted with: a lapsed claim's answer is dropped.
            var recorded = await deliveries
                .Where(d => d.Id == delivery.Id && d.ClaimToken == delivery.ClaimToken)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, outcome.Status)
                    .SetProperty(d => d.NextAttemptAt, outcome.NextAttemptAt ?? now)
                    .SetProperty(d => d.DeliveredAt, outcome.Status == WebhookDeliveryStatus.Delivered ? now : null)
                    .SetProperty(d => d.LastStatusCode, status)
                    .SetProperty(d => d.LastError, error ?? outcome.Note)
                    .SetProperty(d => d.LastAttemptAt, now)
                    .SetProperty(d => d.ClaimToken, (Guid?)null)
                    .SetProperty(d => d.ClaimedUntil, (DateTime?)null), CancellationToken.None);
            if (recorded == 1 && status == (int)HttpStatusCode.Gone)
            {
                var disabled = await db.WebhookEndpoints.IgnoreQueryFilters().FirstAsync(e => e.Id == endpoint.Id, CancellationToken.None);
                disabled.Disable("The receiver answered 410 Gone.", now);
            }
        }

        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        _outcomeTransactions++;
        _outcomesWritten += batch.Count;
    }
}

/// <summary>What an attempt's answer means for its delivery.</summary>
public static class WebhookRetries
{
    public sealed record Outcome(WebhookDeliveryStatus Status, DateTime? NextAttemptAt, string? Note);

    public static Outcome Decide(WebhookDelivery delivery, int? status, TimeSpan? retryAfter, DateTime now, WebhookOptions options)
    {
        if (status is >= 200 and < 300)
        {
            return new Outcome(WebhookDeliveryStatus.Delivered, null, null);
        }

        if (status == (int)HttpStatusCode.Gone)
        {
            return new Outcome(WebhookDeliveryStatus.Failed, null, "410 Gone: the endpoint was disabled.");
        }

        if (now - delivery.CreatedAt >= options.RetryPeriod)
        {
            return new Outcome(WebhookDeliveryStatus.Failed, null, $"Gave up after {delivery.Attempts} attempts over {options.RetryPeriod.TotalDays:0.#} days.");
        }

        var delay = retryAfter is { } asked && asked > TimeSpan.Zero
            ? (asked < options.MaxRetryAfter ? asked : options.MaxRetryAfter)
            : Backoff(delivery.Attempts, options);
        return new Outcome(WebhookDeliveryStatus.Pending, now + delay, null);
    }

    /// <summary>Doubling from the first delay up to the cap, each spread by ±20% so that a receiver that was down is not hit by every retry at once.</summary>
    public static TimeSpan Backoff(int attempts, WebhookOptions options)
    {
        var doubled = options.FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(Math.Max(attempts - 1, 0), 30));
        var capped = Math.Min(doubled, options.MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(capped * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }
}
