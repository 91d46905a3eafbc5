using System.Collections.Concurrent;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Contracts;

internal static class ContractApprovalTestSupport
{
    private static readonly ConcurrentDictionary<ApiFactory, Task<GraphQLTestClient>> Approvers = new();

    /// <summary>The caller asks for approval; a sales ops member approves through the public API.</summary>
    public static async Task ApproveAsync(ApiFactory api, GraphQLTestClient requester, string contractId)
    {
        var requested = await requester.QueryAsync("mutation($id: ID!) { requestContractApproval(input: { contractId: $id }) { contract { approvalStatus } errors { __typename } } }", new { id = contractId });
        Assert.Equal("PENDING", requested["requestContractApproval"]!["contract"]!["approvalStatus"]!.GetValue<string>());
        var approver = await SalesOpsAsync(api);
        var decided = await approver.QueryAsync("mutation($id: ID!) { decideContractApproval(input: { contractId: $id, outcome: APPROVED }) { contract { approvalStatus } errors { __typename } } }", new { id = contractId });
        Assert.Equal("APPROVED", decided["decideContractApproval"]!["contract"]!["approvalStatus"]!.GetValue<string>());
    }

    public static Task<GraphQLTestClient> SalesOpsAsync(ApiFactory api) => Approvers.GetOrAdd(api, async factory =>
    {
        var client = factory.CreateAnonymousClient();
        client.Http.DefaultRequestHeaders.Authorization = new("Bearer", await new TokenClient(factory).MemberTokenAsync("salesops"));
        return client;
    });
}
