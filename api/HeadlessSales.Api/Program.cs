using HeadlessSales.Api;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Insights;
using HeadlessSales.Api.Features.Targets;
using HeadlessSales.Api.GraphQL;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Cli;
using HeadlessSales.Api.Infrastructure.Operations;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform();
builder.AddModules();

var app = builder.Build();
if (await CommandLine.TryRunAsync(app, args) is { } exitCode)
{
    return exitCode;
}

app.UseBrowserOrigins();
app.UseIdentityServer();
app.MapOperations();
app.MapHeadlessSalesGraphQL();
app.MapDocumentDownloads();
app.MapDocumentShareLinks();
app.MapAttributionReportDownloads();
app.MapIncentivePayrollDownloads();
await app.RunAsync();
return 0;

public partial class Program;
