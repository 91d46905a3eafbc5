using System.Text.Json;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Features.Automation;

public sealed class RuleFeedOptions
{
    public const string Section = "Automation";

    /// <summary>
    /// The longest the feed sleeps between looks at the journal. Commits on this node (and, with Redis, on the others)
    /// wake it at once; this only bounds how late it sees a commit it was not told about. Zero switches the loop off
    /// (tests drive <see cref="RuleJournalFeed.RunOnceAsync"/>).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a node's hold on the cursor lasts without renewal: one that dies mid-batch leaves it to the others after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    public int BatchSize { get; set; } = 200;
}

/// <summary>
/// How far the rules have read the journal: one row for all tenants. A node holds it by a lease (the durable timers'
/// claim) while it handles the entries after <see cref="Position"/>, and moves it on under the same claim.
/// </summary>
public sealed class RuleFeedCursor
{
    public const long SingleRow = 1;

    public long Id { get; init; }

    public long Position { get; set; }

    public Guid? ClaimToken { get; set; }

    public DateTime? ClaimedUntil { get; set; }
}

internal sealed class RuleFeedCursorConfiguration : IEntityTypeConfiguration<RuleFeedCursor>
{
    public void Configure(EntityTypeBuilder<RuleFeedCursor> builder)
    {
        builder.ToTable("RuleFeedCursors");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasData(new RuleFeedCursor { Id = RuleFeedCursor.SingleRow, Position = 0 });
    }
}

/// <summary>
/// Feeds the rules engine from the event journal: every committed domain event, whether or not the node that committed
/// it lived to publish it. Runs are keyed <c>j:{position}</c>, so the execution log's unique (rule, event) index keeps
/// every rule to one run per event however often an entry is read (a node that died after running but before moving
/// the cursor, two nodes racing).
/// </summary>
public sealed class RuleJournalFeed(
    ISalesDbContextPool pool,
    RuleEngine engine,
    TimeProvider clock,
    IOptions<RuleFeedOptions> options,
    ILogger<RuleJournalFeed> logger,
    JournalWakeups? wakeups = null) : BackgroundService
{
    private readonly RuleFeedOptions _options = options.Value;
    private TaskCompletionSource _woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.PollInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var listening = wakeups?.Listen(() => _woken.TrySetResult());
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before the look: a commit announced while we read wakes the next sleep at once.
            var woken = _woken.Task;
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Reading the journal for rules failed");
            }

            using var sleep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(Task.Delay(_options.PollInterval, clock, sleep.Token), woken);
            await sleep.CancelAsync();
            if (woken.IsCompleted)
            {
                _woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>
    /// Handles every entry after the cursor, if this node can hold the cursor; returns how many entries it read (0 when
    /// there were none or another node holds it). An idle look is one read.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var db = pool.RentAcrossTenants();
        var cursor = db.Set<RuleFeedCursor>().Where(c => c.Id == RuleFeedCursor.SingleRow);
        var position = await cursor.Select(c => c.Position).SingleAsync(cancellationToken);
        if (!await db.JournalEntries.IgnoreQueryFilters().AnyAsync(e => e.Id > position, cancellationToken))
        {
            return 0;
        }

        var token = Guid.NewGuid();
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await cursor.Where(c => c.ClaimedUntil == null || c.ClaimedUntil < now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimToken, token).SetProperty(c => c.ClaimedUntil, now + _options.Lease), cancellationToken);
        if (claimed == 0)
        {
            return 0;
        }

        var read = 0;
        try
        {
            while (true)
            {
                position = await cursor.Select(c => c.Position).SingleAsync(cancellationToken);
                var entries = await db.JournalEntries.IgnoreQueryFilters().AsNoTracking()
                    .Where(e => e.Id > position).OrderBy(e => e.Id).Take(_options.BatchSize).ToListAsync(cancellationToken);
                if (entries.Count == 0)
                {
                    return read;
                }

                // One look at which tenants have rules hearing which events spares a read per entry nobody listens to.
                var tenantIds = entries.Select(e => e.TenantId).Distinct().ToList();
                var heard = (await db.AutomationRules.IgnoreQueryFilters().AsNoTracking()
                        .Where(r => tenantIds.Contains(r.TenantId) && r.Enabled && r.PausedReason == null)
                        .Select(r => new { r.TenantId, r.EventType, r.UnlessEventType }).ToListAsync(cancellationToken))
                    .SelectMany(r => r.UnlessEventType is { } unless ? new[] { (r.TenantId, r.EventType), (r.TenantId, unless) } : [(r.TenantId, r.EventType)])
                    .ToHashSet();
                foreach (var entry in entries.Where(e => heard.Contains((e.TenantId, e.Type))))
                {
                    if (await EventOfAsync(entry, cancellationToken) is { } ruleEvent)
                    {
                        await engine.HandleAsync(ruleEvent, cancellationToken);
                    }
                }

                read += entries.Count;
                var last = entries[^1].Id;
                now = clock.GetUtcNow().UtcDateTime;
                var moved = await cursor.Where(c => c.ClaimToken == token)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, last).SetProperty(c => c.ClaimedUntil, now + _options.Lease), cancellationToken);
                if (moved == 0)
                {
                    // Our lease lapsed and another node took over: it re-reads from where the cursor stood, and the log keeps runs single.
                    return read;
                }
            }
        }
        finally
        {
            await cursor.Where(c => c.ClaimToken == token)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimToken, (Guid?)null).SetProperty(c => c.ClaimedUntil, (DateTime?)null), CancellationToken.None);
        }
    }

    /// <summary>An entry as the rules see it, or null for an event no rule can start on.</summary>
    private async Task<RuleEvent?> EventOfAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        if (!RuleEventCatalog.Events.ContainsKey(entry.Type))
        {
            return null;
        }

        using var payload = JsonDocument.Parse(entry.Payload);
        var data = payload.RootElement;
        // An event a rule's action caused carries how deep in rule actions it is, so chains through the journal still stop.
        var depth = data.TryGetProperty("ruleDepth", out var ruleDepth) && ruleDepth.ValueKind == JsonValueKind.Number ? ruleDepth.GetInt32() : 0;
        RuleEvent Event(CustomFieldEntity kind, string idField, Dictionary<string, object?> values) =>
            new($"j:{entry.Id}", entry.TenantId, entry.Type, kind, data.GetProperty(idField).GetInt64(), entry.OccurredAt, values, depth);

        return entry.Type switch
        {
            "lead.assigned" => Event(CustomFieldEntity.Lead, "leadId", new() { ["reassigned"] = data.GetProperty("reassigned").GetBoolean() }),
            "lead.first-response-recorded" => Event(CustomFieldEntity.Lead, "leadId", new() { ["outcome"] = Code(data, "outcome") }),
            "approval.completed" when data.GetProperty("subjectType").GetString() == "Opportunity" =>
                Event(CustomFieldEntity.Opportunity, "subjectId", new() { ["policyCode"] = data.GetProperty("policyCode").GetString(), ["outcome"] = Code(data, "outcome") }),
            "account.changed" => Event(CustomFieldEntity.Account, "accountId", new() { ["kind"] = Code(data, "kind") }),
            // A customer's view is an event of the contact the link was made for: the one whose interest rules count.
            "document.viewed" => Event(CustomFieldEntity.Contact, "contactId", new()
            {
                ["documentId"] = GlobalId.Encode("Document", data.GetProperty("documentId").GetInt64()),
                ["kindCode"] = data.GetProperty("kindCode").GetString(),
                ["fileName"] = data.GetProperty("fileName").GetString(),
                ["shareLinkId"] = GlobalId.Encode(DocumentShareLinkType.TypeName, data.GetProperty("shareLinkId").GetInt64()),
            }),
            "opportunity.assigned" => Event(CustomFieldEntity.Opportunity, "opportunityId", new() { ["byRule"] = depth > 0 }),
            "opportunity.stage-changed" => await StageChangedAsync(entry, data, Event, cancellationToken),
            _ when RuleEventCatalog.Events[entry.Type] is { Subject: { } kind } && entry.Type.EndsWith(RuleEventCatalog.CustomFieldChangedSuffix, StringComparison.Ordinal) =>
                Event(kind, "recordId", new() { ["key"] = data.GetProperty("key").GetString() }),
            _ => null,
        };
    }

    /// <summary>Stage changes carry stage ids; rules speak of stage codes.</summary>
    private async Task<RuleEvent> StageChangedAsync(JournalEntry entry, JsonElement data, Func<CustomFieldEntity, string, Dictionary<string, object?>, RuleEvent> create, CancellationToken cancellationToken)
    {
        long? from = data.TryGetProperty("fromStageId", out var fromId) && fromId.ValueKind == JsonValueKind.Number ? fromId.GetInt64() : null;
        var to = data.GetProperty("toStageId").GetInt64();
        await using var db = pool.Rent(entry.TenantId);
        long[] ids = from is { } f ? [f, to] : [to];
        var codes = await db.Set<PipelineStage>().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Code, cancellationToken);
        return create(CustomFieldEntity.Opportunity, "opportunityId", new()
        {
            ["fromStage"] = from is { } fromStage ? codes.GetValueOrDefault(fromStage) : null,
            ["toStage"] = codes.GetValueOrDefault(to),
            ["kind"] = Code(data, "kind"),
        });
    }

    /// <summary>The journal writes enum members by name (<c>Created</c>); rules compare constant-case codes (<c>CREATED</c>).</summary>
    private static string? Code(JsonElement data, string field) =>
        data.GetProperty(field).GetString() is { } name ? global::GraphQL.StringExtensions.ToConstantCase(name) : null;
}
