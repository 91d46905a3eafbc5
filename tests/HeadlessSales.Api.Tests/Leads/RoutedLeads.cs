using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Leads;

/// <summary>Leads that land with a known rep, for the race tests on a server of their own.</summary>
internal static class RoutedLeads
{
    private const string Province = "PG省";

    /// <summary>
    /// A rule sending leads of <see cref="Province"/> to the tenant's first rep (call once per server), then one such lead;
    /// returns the lead's id.
    /// </summary>
    public static async Task<string> LeadOfTheFirstRepAsync(GraphQLTestClient integration, string name, string company, string phone)
    {
        var repId = (await integration.QueryAsync("{ members(first: 1, where: { roles: [REP] }) { nodes { id } } }"))["members"]!["nodes"]![0]!["id"]!.GetValue<string>();
        await integration.QueryAsync("mutation($m: ID, $p: String!) { createAssignmentRule(input: { name: \"PG\", position: 0, provinces: [$p], strategy: NAMED_MEMBER, memberId: $m }) { errors { __typename } } }",
            new { m = repId, p = Province });
        var created = await integration.QueryAsync("""
            mutation($name: String!, $company: String, $phone: String, $p: String) {
              createLead(input: { name: $name, company: $company, phone: $phone, industry: CHEMICALS, source: WEBSITE, province: $p }) { lead { id } } }
            """, new { name, company, phone, p = Province });
        return created["createLead"]!["lead"]!["id"]!.GetValue<string>();
    }
}
