using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Insights.Slicing;

public static class SlicingModule
{
    public static IServiceCollection AddDataSlicing(this IServiceCollection services)
    {
        services.AddSingleton<SlicingFields>();
        services.AddSingleton<IQueryFields>(sp => sp.GetRequiredService<SlicingFields>());
        services.AddSingleton<IMutationFields>(sp => sp.GetRequiredService<SlicingFields>());
        return services;
    }
}
