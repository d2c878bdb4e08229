using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Adapters.Tests.Storage;

/// <summary>
/// An answer's stored JSON (one row property per answer) is a contract with every row already stored: written the same
/// way, byte for byte, since the rows of the first version, and read back as the same answer — accents, quotes, control
/// characters, bidi marks and surrogate pairs included.
/// </summary>
public class AssessmentRowTests
{
    private const string Odd = "\"Qualité\" \\ <b>&amp;</b> \u0001 \u2028 \u202E 中文 😀 ' `";
    private const string StoredOdd = "\"\\\"Qualité\\\" \\\\ <b>&amp;</b> \\u0001 \\u2028 \u202E 中文 \\uD83D\\uDE00 ' `\"";

    public static TheoryData<Answer, string> Stored => new()
    {
        { new ScaleAnswer(3), """{"q":"Q-1","notApplicable":null,"kind":"scale","value":3}""" },
        { new ChoiceAnswer("opt-2"), """{"q":"Q-1","notApplicable":null,"kind":"choice","value":"opt-2"}""" },
        { new TextAnswer(Odd), """{"q":"Q-1","notApplicable":null,"kind":"text","value":""" + StoredOdd + "}" },
        { new TextAnswer(""), """{"q":"Q-1","notApplicable":null,"kind":"text","value":""}""" },
        {
            new EvidenceAnswer([new EvidenceFile("id1", "Procédure.pdf", "application/pdf", 10_485_760), new EvidenceFile("id2", "b.docx", "x/y", 0)]),
            """{"q":"Q-1","notApplicable":null,"kind":"evidence","value":[{"Id":"id1","FileName":"Procédure.pdf","ContentType":"application/pdf","Size":10485760},{"Id":"id2","FileName":"b.docx","ContentType":"x/y","Size":0}]}"""
        },
        { new EvidenceAnswer([]), """{"q":"Q-1","notApplicable":null,"kind":"evidence","value":[]}""" },
        { new NotApplicableAnswer(QuestionKind.Scale, Odd), """{"q":"Q-1","notApplicable":""" + StoredOdd + ""","kind":"scale","value":null}""" },
        { new NotApplicableAnswer(QuestionKind.Evidence, ""), """{"q":"Q-1","notApplicable":"","kind":"evidence","value":null}""" },
    };

    [Theory]
    [MemberData(nameof(Stored))]
    public void Each_kind_of_answer_is_stored_as_the_rows_already_stored_hold_it_and_reads_back_the_same(Answer answer, string stored)
    {
        Assert.Equal(stored, AssessmentRow.WriteAnswer("Q-1", answer));

        var (questionId, read) = AssessmentRow.ReadAnswer(stored);
        Assert.Equal("Q-1", questionId);
        Assert.Equal(answer.GetType(), read.GetType());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize<object>(answer), System.Text.Json.JsonSerializer.Serialize<object>(read));
    }
}
