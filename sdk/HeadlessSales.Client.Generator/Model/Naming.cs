using System.Collections.Generic;
using System.Text;

namespace HeadlessSales.Client.Generator.Model;

/// <summary>Maps GraphQL names onto C# identifiers.</summary>
internal static class Naming
{
    private static readonly HashSet<string> Keywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>Members every generated class or record already has.</summary>
    private static readonly HashSet<string> ObjectMembers = new() { "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "EqualityContract", "Deconstruct" };

    /// <summary><c>createdAt</c> → <c>CreatedAt</c>, <c>__typename</c> → <c>Typename</c>.</summary>
    public static string ToPascalCase(string name)
    {
        var trimmed = name.TrimStart('_');
        if (trimmed.Length == 0)
        {
            return "Value";
        }

        if (IsScreamingCase(trimmed))
        {
            return FromScreamingCase(trimmed);
        }

        return char.ToUpperInvariant(trimmed[0]) + trimmed.Substring(1);
    }

    /// <summary>
    /// A property's name: as <see cref="ToPascalCase"/>, except that a name every object already has (<c>equals</c> on a
    /// filter input would hide <c>object.Equals</c> and clash with the record's own) gains <c>Value</c>.
    /// </summary>
    public static string ToPropertyName(string name)
    {
        var pascal = ToPascalCase(name);
        return ObjectMembers.Contains(pascal) ? pascal + "Value" : pascal;
    }

    /// <summary><c>IN_PROGRESS</c> → <c>InProgress</c>: the usual shape of GraphQL enum values.</summary>
    public static string FromScreamingCase(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var part in value.Split(new[] { '_' }, System.StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(char.ToUpperInvariant(part[0]));
            builder.Append(part.Substring(1).ToLowerInvariant());
        }

        return builder.Length == 0 ? "Value" : builder.ToString();
    }

    /// <summary><c>orderId</c> stays <c>orderId</c>; <c>class</c> becomes <c>@class</c>.</summary>
    public static string ToParameterName(string name)
    {
        var camel = char.ToLowerInvariant(name[0]) + name.Substring(1);
        return Keywords.Contains(camel) ? "@" + camel : camel;
    }

    private static bool IsScreamingCase(string value)
    {
        var hasLetter = false;
        foreach (var c in value)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            hasLetter |= char.IsLetter(c);
        }

        return hasLetter && value.Length > 1;
    }
}
