using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.Features.Documents;

public sealed class DocumentByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<Document>(databases);

public sealed class DocumentKindByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<DocumentKind>(databases);
