using System.Net;
using System.Text.Json;
using HeadlessSales.Client;
using HeadlessSales.Client.Http;
using HeadlessSales.Sdk.Tests.Infrastructure;

namespace HeadlessSales.Sdk.Tests.Runtime;

// Inside the namespace: HeadlessSales.Sdk (the typed SDK, an enclosing namespace) declares types of the same names.
using HeadlessSales.Sdk.Tests.Generated;

/// <summary>The client generated from Fixtures/ (at build time, by the generator as an analyzer) against canned HTTP responses.</summary>
public sealed class GeneratedClientTests
{
    private readonly StubHttpHandler _http = new();

    private FixtureClient CreateClient() =>
        new(new HttpGraphQLTransport(_http.CreateClient(), FixtureClientSerialization.CreateOptions()));

    [Fact]
    public async Task Query_SendsTheDocumentWithTypenameAndOnlyTheGivenVariables()
    {
        _http.RespondGraphQL("""{"data":{"node":null}}""");

        await CreateClient().GetAccountAsync("QWNjb3VudDox");

        var request = Assert.Single(_http.Requests);
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Equal("GetAccount", body.RootElement.GetProperty("operationName").GetString());
        Assert.Contains("node(id: $id) { __typename", body.RootElement.GetProperty("query").GetString());
        Assert.Contains("fragment ContactParts on Contact", body.RootElement.GetProperty("query").GetString());
        Assert.Equal("""{"id":"QWNjb3VudDox"}""", body.RootElement.GetProperty("variables").GetRawText());
    }

    [Fact]
    public async Task PersistedMode_SendsOnlyTheDocumentId_WhichIsTheSha256OfTheDocument()
    {
        _http.RespondGraphQL("""{"data":{"node":null}}""");
        var client = new FixtureClient(new HttpGraphQLTransport(_http.CreateClient(), FixtureClientSerialization.CreateOptions(), GraphQLDocumentMode.Persisted));

        await client.GetAccountAsync("QWNjb3VudDox");

        var expectedId = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(GetAccountOperation.Document)));
        Assert.Equal(GetAccountOperation.DocumentId, expectedId);
        Assert.Equal(
            $$$"""{"documentId":"{{{expectedId}}}","operationName":"GetAccount","variables":{"id":"QWNjb3VudDox"}}""",
            _http.Requests.Single().Body);
        Assert.Contains(FixtureClient.PersistedDocuments, d => d.DocumentId == expectedId && d.Document == GetAccountOperation.Document);
    }

    [Fact]
    public async Task AbstractField_IsReadIntoTheRecordOfItsTypename()
    {
        _http.RespondGraphQL("""
            {"data":{"node":{"__typename":"Account","id":"QWNjb3VudDox","name":"Longi Solar","industry":null,
              "createdAt":"2026-03-01T08:30:00+08:00","annualRevenue":{"amount":"1234567.89","currency":"CNY"},
              "metadata":{"tier":"gold"},
              "contacts":{"totalCount":1,"pageInfo":{"hasNextPage":false,"endCursor":"Y3Vyc29yMQ=="},
                "edges":[{"cursor":"Y3Vyc29yMQ==","node":{"id":"Q29udGFjdDox","fullName":"Li Wei","email":null,"birthday":"1990-05-17"}}]}}}}
            """);

        var result = await CreateClient().GetAccountAsync("QWNjb3VudDox");

        var account = Assert.IsType<GetAccount_Node_Account>(result.EnsureSuccess().Node);
        Assert.Equal("Longi Solar", account.Name);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 30, 0, TimeSpan.Zero), account.CreatedAt);
        Assert.Equal(1234567.89m, account.AnnualRevenue!.Amount);
        Assert.Equal("gold", account.Metadata!.Value.GetProperty("tier").GetString());
        var contact = Assert.Single(account.Contacts.Edges).Node;
        Assert.Equal(new DateOnly(1990, 5, 17), contact.Birthday);
        Assert.Null(contact.Email);
    }

    [Fact]
    public async Task AbstractField_WithATypeTheClientDoesNotKnow_FallsBackToTheSharedFields()
    {
        _http.RespondGraphQL("""{"data":{"node":{"__typename":"Opportunity","id":"T3Bw"}}}""");

        var result = await CreateClient().GetAccountAsync("T3Bw");

        var node = Assert.IsType<GetAccount_Node_Other>(result.EnsureSuccess().Node);
        Assert.Equal(("Opportunity", "T3Bw"), (node.Typename, node.Id));
    }

    [Fact]
    public async Task Union_ReadsEachMemberIntoItsRecord()
    {
        _http.RespondGraphQL("""
            {"data":{"search":[
              {"__typename":"Account","id":"A1","name":"Longi"},
              {"__typename":"Lead","id":"L1","status":"IN_PROGRESS"}]}}
            """);

        var results = (await CreateClient().SearchAsync("lon")).EnsureSuccess().Search;

        Assert.Equal("Longi", Assert.IsType<Search_Search_Account>(results[0]).Name);
        Assert.Equal(LeadStatus.InProgress, Assert.IsType<Search_Search_Lead>(results[1]).Status);
    }

    [Fact]
    public async Task MutationInput_LeavesOutUnsetFields_AndSendsExplicitNulls()
    {
        _http.RespondGraphQL("""{"data":{"createLead":{"lead":{"id":"L1","status":"NEW"},"errors":[]}}}""");

        var payload = await CreateClient().CreateLeadAsync(new CreateLeadInput
        {
            Name = "Zhang San",
            Email = null,
            Status = LeadStatus.LostToCompetitor,
            EstimatedValue = new MoneyInput { Amount = 1000.50m, Currency = "CNY" },
            FollowUpOn = new DateOnly(2026, 12, 1),
        });

        using var body = JsonDocument.Parse(_http.Requests.Single().Body!);
        Assert.Equal(
            """{"name":"Zhang San","email":null,"status":"LOST_TO_COMPETITOR","estimatedValue":{"amount":"1000.50","currency":"CNY"},"followUpOn":"2026-12-01"}""",
            body.RootElement.GetProperty("variables").GetProperty("input").GetRawText());
        Assert.Equal("L1", payload.EnsurePayload(data => data.CreateLead).Lead!.Id);
    }

    [Fact]
    public async Task MutationPayloadErrors_AreTypedUserErrors()
    {
        _http.RespondGraphQL("""
            {"data":{"createLead":{"lead":null,"errors":[
              {"__typename":"ValidationError","message":"Name is required.","code":"VALIDATION","field":"name"},
              {"__typename":"DuplicateLeadError","message":"Lead exists.","code":"DUPLICATE"}]}}}
            """);

        var result = await CreateClient().CreateLeadAsync(new CreateLeadInput { Name = "" });

        var payload = result.EnsureSuccess().CreateLead;
        var validation = Assert.Single(payload.ErrorsOf<CreateLead_CreateLead_Errors_ValidationError>());
        Assert.Equal("name", validation.Field);
        Assert.Equal(["VALIDATION", "DUPLICATE"], payload.Errors.Select(e => e.Code));
        var exception = Assert.Throws<UserErrorException>(() => result.EnsurePayload(data => data.CreateLead));
        Assert.Equal(2, exception.Errors.Count);
    }

    [Fact]
    public async Task GraphQLErrors_ArriveWithPathAndCode_EvenOnA400()
    {
        _http.RespondGraphQL(
            """{"errors":[{"message":"Variable '$id' is invalid.","locations":[{"line":1,"column":17}],"path":["node",0,"id"],"extensions":{"code":"INVALID_VALUE"}}]}""",
            HttpStatusCode.BadRequest);

        var result = await CreateClient().GetAccountAsync("not-an-id");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("INVALID_VALUE", "node[0].id"), (error.Code, error.PathText));
        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);
        Assert.Null(result.Data);
        Assert.Throws<GraphQLOperationException>(() => result.EnsureSuccess());
    }

    [Fact]
    public void Subscription_WithoutAWebSocketTransport_SaysWhatIsMissing()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => CreateClient().OnAccountChanged("A1"));
        Assert.Contains("WebSocketEndpoint", exception.Message);
    }

    [Theory]
    [InlineData("NEW", LeadStatus.New)]
    [InlineData("IN_PROGRESS", LeadStatus.InProgress)]
    [InlineData("QUALIFIED", LeadStatus.Qualified)]
    [InlineData("LOST_TO_COMPETITOR", LeadStatus.LostToCompetitor)]
    public void EnumValues_RoundTripExactly(string graphQLValue, LeadStatus value)
    {
        Assert.Equal(value, LeadStatusJsonConverter.Parse(graphQLValue));
        Assert.Equal(graphQLValue, LeadStatusJsonConverter.Format(value));
    }

    [Fact]
    public void EnumConverter_CoversEveryMember()
    {
        Assert.All(Enum.GetValues<LeadStatus>().Where(v => v != LeadStatus.Unrecognized),
            value => Assert.Equal(value, LeadStatusJsonConverter.Parse(LeadStatusJsonConverter.Format(value))));
    }

    /// <summary>A server may add enum values; a response carrying one must still be read, and the new value told apart.</summary>
    [Fact]
    public void EnumValueTheClientWasGeneratedWithout_ReadsAsUnrecognized_AndCannotBeSentBack()
    {
        var read = JsonSerializer.Deserialize<LeadStatus[]>("[\"QUALIFIED\", \"NURTURING\", \"In_Progress\"]");

        Assert.Equal([LeadStatus.Qualified, LeadStatus.Unrecognized, LeadStatus.Unrecognized], read);
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => JsonSerializer.Serialize(LeadStatus.Unrecognized));
        Assert.Contains("generated without", refused.Message);
    }

    /// <summary>The server added a lead status after this client was generated: the page still reads, and sending the value back is refused before any request.</summary>
    [Fact]
    public async Task ResponseWithAnEnumValueTheClientDoesNotKnow_StillReads()
    {
        _http.RespondGraphQL("""
            {"data":{"leads":{"totalCount":2,"pageInfo":{"hasNextPage":false,"endCursor":null},"nodes":[
              {"id":"TGVhZDox","status":"NURTURING","score":null,"estimatedValue":null},
              {"id":"TGVhZDoy","status":"QUALIFIED","score":0.5,"estimatedValue":null}]}}}
            """);
        var client = CreateClient();

        var page = (await client.ListLeadsAsync()).EnsureSuccess().Leads;

        Assert.Equal([LeadStatus.Unrecognized, LeadStatus.Qualified], page.Nodes.Select(n => n.Status));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListLeadsAsync(status: page.Nodes[0].Status));
        Assert.Single(_http.Requests);
    }
}
