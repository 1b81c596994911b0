namespace Messngr.Cli.Integrations.Ipp;

/// <summary>Why an IPP message was refused (<see cref="IppFormatException"/>).</summary>
internal enum IppError
{
    /// <summary>The input ended inside a message.</summary>
    Truncated,

    /// <summary>The message is longer than the reader's budget.</summary>
    TooLarge,

    /// <summary>version-number is not 1.x or 2.x (RFC 8010 3.1.1).</summary>
    UnsupportedVersion,

    /// <summary>A value tag before any begin-attribute-group-tag.</summary>
    AttributeOutsideGroup,

    /// <summary>An additional value (name-length 0) with no attribute before it.</summary>
    AdditionalValueWithoutAttribute,

    /// <summary>An integer, enum or boolean whose value-length is not 4, 4 or 1 (RFC 8010 3.9).</summary>
    BadValueLength,

    /// <summary>The extension value tag 0x7F (RFC 8010 3.5.2), which no event uses.</summary>
    ExtensionTag,

    /// <summary>Collections nested deeper than the reader allows.</summary>
    CollectionTooDeep,

    /// <summary>An endCollection without its begCollection, or a message ending inside a collection.</summary>
    UnbalancedCollection,

    /// <summary>More attributes than the reader allows.</summary>
    TooManyAttributes,

    /// <summary>A textWithLanguage or nameWithLanguage value whose inner lengths do not add up (RFC 8010 3.9).</summary>
    BadTextWithLanguage,

    /// <summary>Bytes after the end-of-attributes-tag where one message was expected.</summary>
    TrailingBytes,
}
