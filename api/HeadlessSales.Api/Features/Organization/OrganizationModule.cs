using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Organization;

public static class OrganizationModule
{
    public static IServiceCollection AddOrganization(this IServiceCollection services)
    {
        services.AddSingleton<IQueryFields, OrganizationQueries>();
        services.AddSingleton<IMutationFields, OrganizationMutations>();


        services.AddNode<TenantType, Tenant, TenantByIdDataLoader>();
        services.AddNode<RegionType, Region, RegionByIdDataLoader>();
        services.AddNode<TeamType, Team, TeamByIdDataLoader>();
        services.AddNode<MemberType, Member, MemberByIdDataLoader>();
        services.AddNode<WorkingCalendarType, WorkingCalendar, WorkingCalendarByIdDataLoader>();
        return services;
    }
}
