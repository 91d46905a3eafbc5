using System.Collections.Concurrent;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Contracts;

/// <summary>Contract approvals go through the generic approvals: a policy, <c>requestApproval</c>, then each step's decision.</summary>
internal static class ContractApprovalTestSupport
{
    /// <summary>A one-step policy decided by any sales ops member.</summary>
    public const string SalesOpsPolicy = "CONTRACT_SALES_OPS";

    /// <summary>A one-step policy decided by any admin.</summary>
    public const string AdminPolicy = "CONTRACT_ADMIN";

    public const string RequestApproval = """
        mutation($id: ID!, $policy: String!) { requestApproval(input: { subjectId: $id, policyCode: $policy }) {
          request { id status subject { ... on Contract { approvalStatus } } } errors { __typename ... on UserError { code } } } }
        """;

    private static readonly ConcurrentDictionary<ApiFactory, Task> Policies = new();

    /// <summary>The caller asks for approval under <see cref="SalesOpsPolicy"/>; a sales ops member approves through the public API.</summary>
    public static async Task ApproveAsync(ApiFactory api, GraphQLTestClient requester, string contractId)
    {
        await PoliciesAsync(api);
        var requested = await requester.QueryAsync(RequestApproval, new { id = contractId, policy = SalesOpsPolicy });
        Assert.Equal("PENDING", requested["requestApproval"]!["request"]!["subject"]!["approvalStatus"]!.GetValue<string>());
        var requestId = requested["requestApproval"]!["request"]!["id"]!.GetValue<string>();
        var decided = await (await api.MemberAsync("salesops")).QueryAsync(
            "mutation($id: ID!) { approveRequest(input: { id: $id }) { request { status subject { ... on Contract { approvalStatus } } } errors { __typename } } }", new { id = requestId });
        Assert.Equal("APPROVED", decided["approveRequest"]!["request"]!["subject"]!["approvalStatus"]!.GetValue<string>());
    }

    /// <summary>Creates the test policies once per server.</summary>
    public static Task PoliciesAsync(ApiFactory api) => Policies.GetOrAdd(api, async factory =>
    {
        var admin = await factory.MemberAsync("admin", "sales:read sales:write org:admin");
        foreach (var (code, step) in new[] { (SalesOpsPolicy, "SALES_OPS"), (AdminPolicy, "ADMIN") })
        {
            var created = await admin.QueryAsync(
                "mutation($code: String!, $step: ApproverRole!) { createApprovalPolicy(input: { code: $code, name: \"合同审批\", steps: [$step] }) { policy { code } errors { __typename } } }",
                new { code, step });
            Assert.Equal(code, created["createApprovalPolicy"]!["policy"]!["code"]!.GetValue<string>());
        }
    });
}
