using GraphQL.Types;

namespace HeadlessSales.Api.GraphQL.Schema;

/// <summary>
/// Fields one module adds to another module's object type, e.g. a lead's follow-up progress added by
/// Activities, so that the owning module does not depend on every module that extends it.
/// </summary>
public interface ITypeFields<TGraphType> where TGraphType : IComplexGraphType
{
    void AddTo(TGraphType type);
}

public static class TypeFieldsServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="TFields"/> and makes <typeparamref name="TGraphType"/> built with every contribution.</summary>
    public static IServiceCollection AddTypeFields<TGraphType, TFields>(this IServiceCollection services)
        where TGraphType : class, IComplexGraphType
        where TFields : class, ITypeFields<TGraphType>
    {
        services.AddSingleton<ITypeFields<TGraphType>, TFields>();
        // The schema resolves graph types from the container and the last registration wins: this one builds
        // the type as its module declares it, then lets each contributor add its fields.
        services.AddTransient(provider =>
        {
            var type = ActivatorUtilities.CreateInstance<TGraphType>(provider);
            foreach (var contribution in provider.GetServices<ITypeFields<TGraphType>>())
            {
                contribution.AddTo(type);
            }

            return type;
        });
        return services;
    }
}
