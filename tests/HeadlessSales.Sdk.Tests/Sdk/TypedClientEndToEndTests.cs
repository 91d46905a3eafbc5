using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Client;
using Microsoft.Extensions.DependencyInjection;
using TypedSdk = global::HeadlessSales.Sdk;

namespace HeadlessSales.Sdk.Tests.Sdk;

/// <summary>The typed SDK against the in-process server, authenticated as the demo integration client: a query, a mutation with a typed error, a subscription.</summary>
public sealed class TypedClientEndToEndTests(SdkServerFactory server) : IClassFixture<SdkServerFactory>
{
    [Fact]
    public async Task Query_ReturnsTypedData()
    {
        var client = server.CreateSdkClient(out _);

        var tenant = (await client.GetTenantAsync()).EnsureSuccess().Tenant;
        var viewer = (await client.GetViewerAsync()).EnsureSuccess().Viewer;
        var accounts = (await client.ListAccountsAsync(first: 5)).EnsureSuccess().Accounts;

        Assert.False(string.IsNullOrEmpty(tenant.Slug));
        Assert.Equal((TypedSdk.ActorKind.Client, SdkServerFactory.DemoClientId), (viewer!.Kind, viewer.ClientId));
        Assert.True(accounts.Nodes.Count <= 5);
        Assert.True(accounts.TotalCount >= accounts.Nodes.Count);
    }

    [Fact]
    public async Task Mutation_ReportsADuplicateAsATypedUserError()
    {
        var client = server.CreateSdkClient(out _);
        var input = NewAccount("SDK 端到端重复测试有限公司");

        var created = (await client.CreateAccountAsync(input)).EnsurePayload(data => data.CreateAccount);
        var duplicate = await client.CreateAccountAsync(input);

        Assert.Equal(input.Name, created.Account!.Name);
        var payload = duplicate.EnsureSuccess().CreateAccount;
        Assert.Null(payload.Account);
        var error = Assert.Single(payload.ErrorsOf<TypedSdk.CreateAccount_CreateAccount_Errors_DuplicateError>());
        Assert.Equal("input.name", error.Field);
        Assert.False(string.IsNullOrEmpty(error.Code));
        Assert.Throws<UserErrorException>(() => duplicate.EnsurePayload(data => data.CreateAccount));
    }

    [Fact]
    public async Task Subscription_ReceivesTheChangesOfAnAccount_UntilItIsArchived()
    {
        var client = server.CreateSdkClient(out var clientServices);
        await using var _ = (IAsyncDisposable)clientServices;
        var account = (await client.CreateAccountAsync(NewAccount("SDK 端到端订阅测试有限公司"))).EnsurePayload(data => data.CreateAccount).Account!;
        var bus = server.Services.GetRequiredService<IEventBus>();
        var subscribersBefore = bus.SubscriberCount;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<TypedSdk.AccountChangeKind>();
        var listening = Task.Run(async () =>
        {
            await foreach (var change in client.OnAccountChanged(account.Id, timeout.Token))
            {
                received.Add(change.EnsureSuccess().OnAccountChanged.Kind);
            }
        });
        while (bus.SubscriberCount <= subscribersBefore)
        {
            await Task.Delay(10, timeout.Token);
        }

        (await client.UpdateAccountAsync(new TypedSdk.UpdateAccountInput { Id = account.Id, City = "苏州" })).EnsurePayload(data => data.UpdateAccount);
        (await client.ArchiveAccountAsync(new TypedSdk.ArchiveAccountInput { Id = account.Id })).EnsurePayload(data => data.ArchiveAccount);
        await listening;

        Assert.Equal([TypedSdk.AccountChangeKind.Updated, TypedSdk.AccountChangeKind.Archived], received);
    }

    [Fact]
    public async Task LeadAssignment_ArrivesOnTheSubscription()
    {
        var client = server.CreateSdkClient(out var clientServices);
        await using var _ = (IAsyncDisposable)clientServices;
        var rep = (await client.ListMembersAsync(first: 1, @where: new TypedSdk.MemberFilter { Roles = new[] { TypedSdk.MemberRole.Rep } })).EnsureSuccess().Members.Nodes.Single();
        var lead = (await client.CreateLeadAsync(new TypedSdk.CreateLeadInput
        {
            Name = "赵六",
            Company = "SDK 端到端线索分配测试有限公司",
            Phone = "+86 21 5555 0101",
            Industry = TypedSdk.Industry.NewEnergy,
            Source = TypedSdk.LeadSource.Website,
        })).EnsurePayload(data => data.CreateLead).Lead!;
        var bus = server.Services.GetRequiredService<IEventBus>();
        var subscribersBefore = bus.SubscriberCount;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var assignment = Task.Run(async () =>
        {
            await foreach (var result in client.OnLeadAssigned(rep.Id, timeout.Token))
            {
                var assigned = result.EnsureSuccess().OnLeadAssigned;
                if (assigned.LeadId == lead.Id)
                {
                    return assigned;
                }
            }

            throw new InvalidOperationException("The subscription ended without the assignment.");
        });
        while (bus.SubscriberCount <= subscribersBefore)
        {
            await Task.Delay(10, timeout.Token);
        }

        (await client.ReassignLeadAsync(new TypedSdk.ReassignLeadInput { LeadId = lead.Id, OwnerId = rep.Id, Reason = "SDK end-to-end test" }))
            .EnsurePayload(data => data.ReassignLead);
        var received = await assignment;

        Assert.Equal((rep.Id, rep.Name), (received.OwnerId, received.Lead!.Owner!.Name));
    }

    private static TypedSdk.CreateAccountInput NewAccount(string name) => new()
    {
        Name = name,
        Industry = TypedSdk.Industry.Electronics,
        Ownership = TypedSdk.OwnershipType.Private,
        Size = Enum.GetValues<TypedSdk.CompanySize>()[0],
        AnnualRevenue = new TypedSdk.MoneyInput { Amount = 12_500_000.50m, Currency = "CNY" },
    };
}
