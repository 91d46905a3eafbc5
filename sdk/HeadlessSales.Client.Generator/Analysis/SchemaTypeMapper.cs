using System.Collections.Generic;
using System.Linq;
using HeadlessSales.Client.Generator.Model;

namespace HeadlessSales.Client.Generator.Analysis;

/// <summary>Maps schema-level types that operations reference (enums, input objects) onto emitter models.</summary>
internal static class SchemaTypeMapper
{
    public static EnumModel? MapEnum(string name, SchemaModel schema)
    {
        var type = schema.FindType(name);
        if (type?.Kind != TypeKind.Enum)
        {
            return null;
        }

        var taken = new HashSet<string>();
        var members = new List<EnumMemberModel>();
        foreach (var value in type.EnumValues)
        {
            // Two GraphQL values may collapse onto one PascalCase name (FOO_1, FOO1): keep the later one verbatim.
            var memberName = Naming.ToPascalCase(value.Name);
            if (!taken.Add(memberName))
            {
                memberName = value.Name;
                taken.Add(memberName);
            }

            members.Add(new EnumMemberModel(memberName, value.Name, value.Description, value.DeprecationReason));
        }

        return new EnumModel(type.Name, type.Description, members.ToEquatableArray());
    }

    public static InputTypeModel? MapInput(string name, SchemaModel schema)
    {
        var type = schema.FindType(name);
        if (type?.Kind != TypeKind.InputObject)
        {
            return null;
        }

        var fields = type.InputFields.Select(field =>
        {
            var isRequired = field.Type.IsNonNull && !field.HasDefaultValue;
            var csharpType = ScalarMapping.Render(isRequired ? field.Type : field.Type.Nullable(), named =>
                schema.FindType(named)?.Kind is TypeKind.Enum or TypeKind.InputObject ? named : ScalarMapping.ToCSharp(named));
            return new InputFieldModel(Naming.ToPropertyName(field.Name), field.Name, csharpType, isRequired, field.Description, field.DeprecationReason);
        });
        return new InputTypeModel(type.Name, type.Description, fields.ToEquatableArray());
    }

    /// <summary>Custom scalars declared by the schema, in name order.</summary>
    public static EquatableArray<string> CustomScalars(SchemaModel schema) => schema.Types
        .Where(t => t.Kind == TypeKind.Scalar && !SchemaModel.BuiltInScalars.Contains(t.Name))
        .Select(t => t.Name)
        .ToEquatableArray();
}
