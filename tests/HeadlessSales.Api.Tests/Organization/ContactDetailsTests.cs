using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Organization;

/// <summary>One set of phone and email rules for contacts and members (and leads, see LeadIntakeTests): the stricter one.</summary>
[Collection(ApiCollection.Name)]
public sealed class ContactDetailsTests(ApiFactory api)
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    private const string Errors = "errors { __typename ... on UserError { code } ... on ValidationError { field } }";

    private const string CreateContact = $$"""
        mutation($input: CreateContactInput!) { createContact(input: $input) { contact { id } {{Errors}} } }
        """;

    private const string UpdateContact = $$"""
        mutation($input: UpdateContactInput!) { updateContact(input: $input) { contact { id title } {{Errors}} } }
        """;

    private const string CreateMember = $$"""
        mutation($input: CreateMemberInput!) { createMember(input: $input) { member { id } {{Errors}} } }
        """;

    private const string UpdateMember = $$"""
        mutation($input: UpdateMemberInput!) { updateMember(input: $input) { member { id } {{Errors}} } }
        """;

    [Theory]
    [InlineData("+86 139-0000-0000", true)]
    [InlineData("(021) 6888 8888", true)]
    [InlineData("()", false)]
    [InlineData("123456", false)]
    [InlineData("1234567890123456", false)]
    [InlineData("139+0000 0000", false)]
    public void Phone_NeedsSevenToFifteenDigits(string phone, bool valid) => Assert.Equal(valid, ContactDetails.CheckPhone(phone) is null);

    [Theory]
    [InlineData("li.lei@customer.example.cn", true)]
    [InlineData("a@localhost", false)]
    [InlineData("a.b@localhost", false)]
    [InlineData("not an email", false)]
    [InlineData("Li Lei <li@example.com>", false)]
    public void Email_NeedsADomainWithADot(string email, bool valid) => Assert.Equal(valid, ContactDetails.CheckEmail(email) is null);

    [Theory]
    [InlineData("phone", "()")]
    [InlineData("phone", "12-34")]
    [InlineData("email", "a@localhost")]
    public async Task CreateContact_WithABadPhoneOrEmail_IsRefusedAndNothingIsWritten(string field, string value)
    {
        var accountId = await Platform.WebSocketTransportTests.CreateAccountAsync(_client, Unique("联系方式测试公司"));
        var name = Unique("联系人");

        var data = await _client.QueryAsync(CreateContact, new { input = new Dictionary<string, object?> { ["accountId"] = accountId, ["name"] = name, ["decisionRole"] = "USER", [field] = value } });

        AssertRefused(data["createContact"]!, $"input.{field}");
        Assert.Equal(0, (await _client.QueryAsync("query($s: String) { contacts(where: { search: $s }) { totalCount } }", new { s = name }))["contacts"]!["totalCount"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("phone", "()")]
    [InlineData("email", "a@localhost")]
    public async Task UpdateContact_WithABadPhoneOrEmail_IsRefusedAndNothingChanges(string field, string value)
    {
        var accountId = await Platform.WebSocketTransportTests.CreateAccountAsync(_client, Unique("联系方式测试公司"));
        var name = Unique("联系人");
        var created = await _client.QueryAsync(CreateContact, new { input = new { accountId, name, decisionRole = "USER", phone = "139 0000 1111", email = "zhang@customer.example.cn" } });
        var id = created["createContact"]!["contact"]!["id"]!.GetValue<string>();

        var data = await _client.QueryAsync(UpdateContact, new { input = new Dictionary<string, object?> { ["id"] = id, ["title"] = "总监", [field] = value } });

        AssertRefused(data["updateContact"]!, $"input.{field}");
        var stored = (await _client.QueryAsync("query($s: String) { contacts(where: { search: $s }) { nodes { title phone email } } }", new { s = name }))["contacts"]!["nodes"]![0]!;
        Assert.Null(stored["title"]);
        Assert.Equal("139 0000 1111", stored["phone"]!.GetValue<string>());
        Assert.Equal("zhang@customer.example.cn", stored["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateContact_KeepsADetailStoredBeforeTheRulesTightened()
    {
        var accountId = await Platform.WebSocketTransportTests.CreateAccountAsync(_client, Unique("旧数据测试公司"));
        var created = await _client.QueryAsync(CreateContact, new { input = new { accountId, name = Unique("旧联系人"), decisionRole = "USER" } });
        var id = created["createContact"]!["contact"]!["id"]!.GetValue<string>();
        var key = GlobalId.TryDecode(id, "Contact")!.Value;
        await using (var db = api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants())
        {
            await db.Contacts.IgnoreQueryFilters().Where(c => c.Id == key).ExecuteUpdateAsync(s => s.SetProperty(c => c.Phone, "()").SetProperty(c => c.Email, "old@localhost"));
        }

        var data = await _client.QueryAsync(UpdateContact, new { input = new { id, title = "总监" } });

        Assert.Empty(data["updateContact"]!["errors"]!.AsArray());
        Assert.Equal("总监", data["updateContact"]!["contact"]!["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("phone", "()")]
    [InlineData("phone", "call me")]
    [InlineData("email", "a@localhost")]
    public async Task CreateMember_WithABadPhoneOrEmail_IsRefusedAndNothingIsWritten(string field, string value)
    {
        var name = Unique("新成员");
        var input = new Dictionary<string, object?> { ["name"] = name, ["email"] = $"{Guid.NewGuid():N}@demo.example.com", ["role"] = "SALES_OPS", ["hiredOn"] = "2026-11-02" };
        input[field] = value;

        var data = await _client.QueryAsync(CreateMember, new { input });

        AssertRefused(data["createMember"]!, $"input.{field}");
        Assert.Equal(0, await MembersNamedAsync(name));
    }

    [Theory]
    [InlineData("phone", "()")]
    [InlineData("email", "a@localhost")]
    public async Task UpdateMember_WithABadPhoneOrEmail_IsRefusedAndNothingChanges(string field, string value)
    {
        var name = Unique("成员");
        var email = $"{Guid.NewGuid():N}@demo.example.com";
        var created = await _client.QueryAsync(CreateMember, new { input = new { name, email, phone = "13900002222", role = "SALES_OPS", hiredOn = "2026-11-02" } });
        var id = created["createMember"]!["member"]!["id"]!.GetValue<string>();

        var data = await _client.QueryAsync(UpdateMember, new { input = new Dictionary<string, object?> { ["id"] = id, ["name"] = name + "改", [field] = value } });

        AssertRefused(data["updateMember"]!, $"input.{field}");
        var stored = (await _client.QueryAsync("query($s: String) { members(where: { search: $s }) { nodes { name email phone } } }", new { s = name }))["members"]!["nodes"]![0]!;
        Assert.Equal(name, stored["name"]!.GetValue<string>());
        Assert.Equal(email, stored["email"]!.GetValue<string>());
        Assert.Equal("13900002222", stored["phone"]!.GetValue<string>());
    }

    private static void AssertRefused(JsonNode payload, string field)
    {
        var error = Assert.Single(payload["errors"]!.AsArray())!;
        Assert.Equal("VALIDATION_FAILED", error["code"]!.GetValue<string>());
        Assert.Equal(field, error["field"]!.GetValue<string>());
        Assert.Null(payload.AsObject().First(p => p.Key != "errors").Value);
    }

    private async Task<int> MembersNamedAsync(string name) =>
        (await _client.QueryAsync("query($s: String) { members(where: { search: $s }) { totalCount } }", new { s = name }))["members"]!["totalCount"]!.GetValue<int>();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
