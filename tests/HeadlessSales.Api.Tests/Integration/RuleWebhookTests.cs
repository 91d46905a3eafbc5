using HeadlessSales.Api.Features.Automation;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Integration;

/// <summary>A rule's CALL_WEBHOOK action goes out through the webhook outbox: signed, logged and retried like any delivery, to its endpoint only.</summary>
public sealed class RuleWebhookTests
{
    [Fact]
    public async Task CallWebhook_IsASignedDeliveryToTheNamedEndpoint_RetriedAfterAFailure_AndNotSentToOtherEndpoints()
    {
        await using var host = new WebhookHost();
        await using var called = new WebhookReceiver { Respond = (n, _) => Task.FromResult(new Answer(n == 0 ? 500 : 200)) };
        await using var other = new WebhookReceiver();
        var client = host.CreateGraphQLClient();
        var (endpointId, secret) = await WebhookTests.RegisterAsync(client, called.Url, ["webhook.requested"]);
        called.Secrets.Add(secret);
        // An endpoint taking every event type still does not receive another endpoint's call.
        await WebhookTests.RegisterAsync(client, other.Url, []);
        var created = (await client.QueryAsync("""
            mutation($input: CreateAutomationRuleInput!) { createAutomationRule(input: $input) { rule { id actions { kind webhookEndpointId } } errors { __typename } } }
            """, new
        {
            input = new
            {
                name = "新客户 → 通知 ERP",
                trigger = new { @event = "account.changed" },
                condition = "event.kind == 'CREATED' and record.name contains 'ERP'",
                actions = new[] { new { kind = "CALL_WEBHOOK", webhookEndpointId = endpointId, message = "新客户 {record.name}" } },
            },
        }))["createAutomationRule"]!;
        Assert.Empty(created["errors"]!.AsArray());
        Assert.Equal(endpointId, created["rule"]!["actions"]![0]!["webhookEndpointId"]!.GetValue<string>());

        var account = (await client.QueryAsync("mutation { createAccount(input: { name: \"ERP 对接有限公司\", industry: NEW_ENERGY, ownership: PRIVATE, size: SMALL }) { account { id } } }"))
            ["createAccount"]!["account"]!["id"]!.GetValue<string>();
        await host.Services.GetRequiredService<RuleJournalFeed>().RunOnceAsync();
        await host.Sender.RunOnceAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(37));
        await host.Sender.RunOnceAsync();

        Assert.Equal(2, called.Received.Count);
        var delivered = called.Received.Last();
        Assert.Equal(new[] { secret }, delivered.VerifiedWith);
        Assert.Single(called.Received.Select(r => r.Id).Distinct());
        Assert.Equal("webhook.requested", delivered.Json["type"]!.GetValue<string>());
        Assert.Equal("新客户 ERP 对接有限公司", delivered.Json["data"]!["message"]!.GetValue<string>());
        Assert.Equal(account, delivered.Json["data"]!["subjectId"]!.GetValue<string>());
        Assert.Equal("account.changed", delivered.Json["data"]!["data"]!["event"]!.GetValue<string>());
        Assert.DoesNotContain(other.Received, r => r.Json["type"]!.GetValue<string>() == "webhook.requested");
    }
}
