using HeadlessSales.Api.Demo;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Automation;
using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Enablement;
using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Features.Insights;
using HeadlessSales.Api.Features.Integration;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.Targets;
using HeadlessSales.Api.GraphQL;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Auditing;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Infrastructure.Operations;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Infrastructure.Tenancy;

namespace HeadlessSales.Api;

public static class Extensions
{
    /// <summary>Where the embedded database and other local state live: <c>HeadlessSales:DataFolder</c>, else App_Data.</summary>
    public static string DataFolder(this WebApplicationBuilder builder) =>
        builder.Configuration["HeadlessSales:DataFolder"] is { Length: > 0 } folder
            ? Path.GetFullPath(folder, builder.Environment.ContentRootPath)
            : Path.Combine(builder.Environment.ContentRootPath, "App_Data");

    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSalesData(builder.Configuration, builder.DataFolder());
        // Loaded on an empty database right after the migration, before the timers and the bus start.
        builder.Services.AddDemoTenant();
        builder.Services.AddScoped<CurrentActor>();
        builder.Services.AddAuditLog();
        builder.AddIdentityServer();
        builder.Services.AddEventBus(builder.Configuration);
        builder.Services.AddEventJournal();
        builder.Services.AddDurableTimers();
        builder.Services.AddHeadlessSalesGraphQL(builder.Configuration);
        builder.AddOperations();
        return builder;
    }

    public static WebApplicationBuilder AddModules(this WebApplicationBuilder builder)
    {
        builder.Services.AddOrganization();
        builder.Services.AddCustomers();
        builder.Services.AddLeads();
        builder.Services.AddPipeline();
        builder.Services.AddApprovals();
        builder.Services.AddDocuments(builder.Configuration, builder.DataFolder());
        builder.Services.AddActivities();
        builder.Services.AddProcessHealth();
        builder.Services.AddContracts();
        builder.Services.AddInsights();
        builder.Services.AddTargets();
        builder.Services.AddEnablement(builder.DataFolder());
        builder.Services.AddAutomation();
        builder.Services.AddIntegration();
        builder.Services.AddIdentityModule();
        return builder;
    }
}
