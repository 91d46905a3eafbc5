using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Organization;

public static class OrganizationModule
{
    public static IServiceCollection AddOrganization(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, OrganizationQueries>();
        services.AddSingleton<IMutationFields, OrganizationMutations>();

        services.AddScoped<TenantByIdDataLoader>();
        services.AddScoped<RegionByIdDataLoader>();
        services.AddScoped<TeamByIdDataLoader>();
        services.AddScoped<MemberByIdDataLoader>();
        services.AddScoped<WorkingCalendarByIdDataLoader>();

        services.AddSingleton<INodeLoader>(new NodeLoader<TenantByIdDataLoader, Tenant>("Tenant"));
        services.AddSingleton<INodeLoader>(new NodeLoader<RegionByIdDataLoader, Region>("Region"));
        services.AddSingleton<INodeLoader>(new NodeLoader<TeamByIdDataLoader, Team>("Team"));
        services.AddSingleton<INodeLoader>(new NodeLoader<MemberByIdDataLoader, Member>("Member"));
        services.AddSingleton<INodeLoader>(new NodeLoader<WorkingCalendarByIdDataLoader, WorkingCalendar>("WorkingCalendar"));
        return services;
    }
}
