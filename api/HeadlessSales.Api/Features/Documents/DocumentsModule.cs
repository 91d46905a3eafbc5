using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Events;

namespace HeadlessSales.Api.Features.Documents;

public static class DocumentsModule
{
    public static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration configuration, string dataFolder)
    {
        var section = configuration.GetSection(DocumentOptions.Section);
        services.Configure<DocumentOptions>(section);
        var options = section.Get<DocumentOptions>() ?? new DocumentOptions();
        var root = options.StorageFolder is { Length: > 0 } folder ? Path.GetFullPath(folder, dataFolder) : Path.Combine(dataFolder, "documents");
        services.AddSingleton<IDocumentStorage>(new LocalDocumentStorage(root));

        services.AddSingleton<IQueryFields, DocumentsQueries>();
        services.AddSingleton<IMutationFields, DocumentsMutations>();
        services.AddSingleton<IMutationFields, DocumentShareMutations>();
        services.AddJournaledEvent<DocumentViewed>("document.viewed", e => JournaledEventType.Subject("Document", e.DocumentId));

        services.AddSingleton<IStageEvidence, DocumentStageEvidence>();


        services.AddNode<DocumentType, Document, DocumentByIdDataLoader>();
        services.AddNode<DocumentKindType, DocumentKind, DocumentKindByIdDataLoader>();
        return services;
    }
}
