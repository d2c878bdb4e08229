using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace SupplierAssessment.Functions.Tests;

/// <summary>A supplier at work on its questionnaire through the API, keeping the ETag of what it last saw.</summary>
public sealed class Answering(HttpClient client, string token)
{
    public string? ETag { get; private set; }

    public JsonNode Questionnaire { get; private set; } = null!;

    public IEnumerable<JsonNode> Questions => Questionnaire["topics"]!.AsArray().SelectMany(t => t!["questions"]!.AsArray())!;

    public async Task<HttpResponseMessage> OpenAsync()
    {
        var response = await client.GetAsync($"/api/questionnaires/{token}");
        if (response.IsSuccessStatusCode)
        {
            ETag = response.Headers.ETag?.Tag;
            Questionnaire = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        }
        return response;
    }

    public async Task<HttpResponseMessage> SaveAsync(object answers, string? etag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/questionnaires/{token}/answers")
        {
            Content = JsonContent.Create(new { answers }),
        };
        if ((etag ?? ETag) is { } tag)
        {
            request.Headers.TryAddWithoutValidation("If-Match", tag);
        }
        var response = await client.SendAsync(request);
        if (response.IsSuccessStatusCode)
        {
            ETag = response.Headers.ETag?.Tag;
        }
        return response;
    }

    public async Task<HttpResponseMessage> UploadAsync(string questionId, string fileName, byte[] content)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        var response = await client.PostAsync($"/api/questionnaires/{token}/evidence/{questionId}", form);
        if (response.IsSuccessStatusCode)
        {
            ETag = response.Headers.ETag?.Tag;
        }
        return response;
    }

    public async Task<HttpResponseMessage> SubmitAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/questionnaires/{token}/submit");
        if (ETag is { } tag)
        {
            request.Headers.TryAddWithoutValidation("If-Match", tag);
        }
        return await client.SendAsync(request);
    }

    /// <summary>Answers every scale question with <paramref name="level"/>, every choice with its option at <paramref name="option"/>, texts with <paramref name="text"/>.</summary>
    public Dictionary<string, object> AnswersFor(int level, int option, string text, Func<JsonNode, bool>? which = null) =>
        Questions.Where(q => which?.Invoke(q) ?? true).Where(q => (string)q["kind"]! != "evidence").ToDictionary(
            q => (string)q["id"]!,
            q => (string)q["kind"]! switch
            {
                "scale" => (object)level,
                "choice" => (string)q["options"]![Math.Min(option, q["options"]!.AsArray().Count - 1)]!["id"]!,
                _ => text,
            });

    public async Task AttachRequiredEvidenceAsync()
    {
        foreach (var q in Questions.Where(q => (string)q["kind"]! == "evidence" && (bool)q["required"]!))
        {
            using var uploaded = await UploadAsync((string)q["id"]!, "policy.pdf", Encoding.ASCII.GetBytes("%PDF-1.4 test evidence"));
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }
    }
}
