using System.Diagnostics;
using System.Text.Json;
using Messngr.Daemon.Api;

namespace Messngr.Daemon.Tests.Api;

/// <summary>Issue #15, item 1: docs/openapi.json is a valid OpenAPI 3.1 document naming exactly the routes the handler serves.</summary>
public sealed class ApiOpenApiDocumentTests
{
    [Fact]
    public void Every_route_the_handler_serves_is_in_the_document_and_every_documented_route_is_served()
    {
        using var doc = JsonDocument.Parse(ApiOpenApiDocument.Content);
        var documented = doc.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (m.Name.ToUpperInvariant(), p.Name)))
            .Order().ToList();

        Assert.Equal(ApiRequestHandler.Routes.Order().ToList(), documented);
    }

    [Fact]
    public void The_embedded_document_is_the_file_in_the_repository()
    {
        var file = Path.Combine(RepositoryFiles.Root(), "docs", "openapi.json");

        Assert.Equal(File.ReadAllBytes(file), ApiOpenApiDocument.Content);
    }

    [Fact]
    public void Python_parses_it_and_finds_the_openapi_structure()
    {
        var file = Path.Combine(RepositoryFiles.Root(), "docs", "openapi.json");
        // Structure checks a generic reader makes: version, info, paths whose operations all have responses, and every $ref resolving.
        const string script = """
            import json, sys
            d = json.load(open(sys.argv[1]))
            assert d["openapi"].startswith("3.1"), "not 3.1"
            assert d["info"]["title"] and d["info"]["version"], "info"
            for path, item in d["paths"].items():
                assert path.startswith("/"), path
                for method, op in item.items():
                    assert method in ("get", "post", "put", "delete", "patch", "head"), method
                    assert op["responses"], path + " " + method
            def refs(node):
                if isinstance(node, dict):
                    for k, v in node.items():
                        if k == "$ref":
                            yield v
                        else:
                            yield from refs(v)
                elif isinstance(node, list):
                    for v in node:
                        yield from refs(v)
            for ref in refs(d):
                target = d
                for part in ref[2:].split("/"):
                    target = target[part]
            try:
                from openapi_spec_validator import validate
                validate(d)
                print("validated")
            except ImportError:
                print("structure ok")
            """;
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(file);
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEnd();
        var error = python.StandardError.ReadToEnd();
        python.WaitForExit();

        Assert.True(python.ExitCode == 0, error);
        Assert.Contains(output.Trim(), new[] { "validated", "structure ok" });
    }
}
