namespace Messngr.Wire.Smb1;

/// <summary>[MS-CIFS] 2.2.1.1 / [SMB-CORE] buffer-format bytes that prefix items in SMB_Data (protocols.md §6.1).</summary>
public enum SmbBufferFormat : byte
{
    /// <summary>0x01: a 2-byte LE length then that many bytes (message text).</summary>
    DataBlock = 0x01,

    /// <summary>0x02: NUL-terminated dialect name (NEGOTIATE request).</summary>
    Dialect = 0x02,

    /// <summary>0x03: NUL-terminated path name.</summary>
    Pathname = 0x03,

    /// <summary>0x04: NUL-terminated OEM string (originator, destination, names).</summary>
    SmbString = 0x04,

    /// <summary>0x05: variable block.</summary>
    VariableBlock = 0x05,
}
