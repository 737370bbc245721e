// What is not dsregcmd output is refused with a message that says what was expected; files
// that cannot be read say why.
#include "dsregcmd/statusimport.h"
#include "sampleutil.h"
#include "state/statusjson.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

class TestStatusImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesWhatIsNotDsregcmd_data();
    void refusesWhatIsNotDsregcmd();
    void refusesFiftyMegabytesOfRandomText();
    void fileErrors_data();
    void fileErrors();
    void importsOwnJson_data();
    void importsOwnJson();
    void recordsOrigin();
};

void TestStatusImport::refusesWhatIsNotDsregcmd_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("messagePart");

    QByteArray binary(4096, '\0');
    for (int i = 0; i < binary.size(); ++i)
        binary[i] = char(QRandomGenerator::global()->bounded(256));
    QTest::newRow("empty") << QByteArray() << u"empty"_s;
    QTest::newRow("white space") << QByteArray(" \n\t \r\n") << u"white space"_s;
    QTest::newRow("binary") << binary << u"binary"_s;
    QTest::newRow("png header") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << u"binary"_s;
    QTest::newRow("unrelated json") << QByteArray(R"({"name": "x", "items": [1, 2]})")
                                    << u"not a device status"_s;
    QTest::newRow("json array") << QByteArray("[1, 2, 3]") << u"This is JSON"_s;
    QTest::newRow("broken json") << QByteArray("{\"Device State\": {") << u"cannot be read"_s;
    QTest::newRow("html") << QByteArray("<html><body>Sign in</body></html>") << u"HTML"_s;
    QTest::newRow("prose") << QByteArray("Dear helpdesk,\nmy laptop says: error.\nThanks: Bob\n")
                           << u"No dsregcmd sections or fields"_s;
    QTest::newRow("markdown table") << QByteArray("| Field | Meaning |\n|---|---|\n| a | b |\n")
                                    << u"No dsregcmd sections or fields"_s;
    QTest::newRow("unknown box only")
        << QByteArray("+------+\n| Shopping List |\n+------+\n Milk : 2\n")
        << u"No dsregcmd sections or fields"_s;
}

void TestStatusImport::refusesWhatIsNotDsregcmd()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, messagePart);
    const Result<StatusSnapshot> result = StatusImport::fromBytes(bytes, u"test"_s);
    QVERIFY(!result);
    QVERIFY2(result.error().message.contains(messagePart, Qt::CaseInsensitive),
             qPrintable(result.error().message));
    QVERIFY2(result.error().fix.contains(u"dsregcmd /status"_s), qPrintable(result.error().fix));
    QCOMPARE(result.error().domain, ErrorDomain::Parse);
}

void TestStatusImport::refusesFiftyMegabytesOfRandomText()
{
    // Printable random text with line breaks and the odd "key : value" shape in it.
    QByteArray text;
    text.reserve(50 * 1024 * 1024);
    auto *rng = QRandomGenerator::global();
    while (text.size() < 50 * 1024 * 1024) {
        const int length = rng->bounded(1, 120);
        for (int i = 0; i < length; ++i)
            text.append(char(rng->bounded(32, 127)));
        text.append(rng->bounded(10) == 0 ? " : x\n" : "\n");
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(u"random.txt"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    file.close();

    const Result<StatusSnapshot> fromFile = StatusImport::fromFile(path);
    QVERIFY(!fromFile);
    QVERIFY2(fromFile.error().message.contains(u"50.00 MiB"_s), qPrintable(fromFile.error().message));
    QVERIFY(fromFile.error().fix.contains(u"dsregcmd /status"_s));

    // The same text handed over in memory is refused by size too.
    const Result<StatusSnapshot> fromBytes = StatusImport::fromBytes(text, u"memory"_s);
    QVERIFY(!fromBytes);
    QVERIFY(fromBytes.error().message.contains(u"at most"_s));

    // And 3 MB of it (under the limit) is read and refused for its content.
    const Result<StatusSnapshot> small = StatusImport::fromBytes(text.left(3 * 1024 * 1024), u"m"_s);
    QVERIFY(!small);
    QVERIFY2(small.error().message.contains(u"No dsregcmd sections or fields"_s),
             qPrintable(small.error().message));
}

void TestStatusImport::fileErrors_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("missing") << u"missing"_s << u"does not exist"_s;
    QTest::newRow("directory") << u"directory"_s << u"is a folder"_s;
}

void TestStatusImport::fileErrors()
{
    QFETCH(QString, kind);
    QFETCH(QString, messagePart);
    QTemporaryDir dir;
    QString path = dir.filePath(u"status.txt"_s);
    if (kind == u"directory") {
        path = dir.path();
    }
    const Result<StatusSnapshot> result = StatusImport::fromFile(path);
    QVERIFY(!result);
    QVERIFY2(result.error().message.contains(messagePart), qPrintable(result.error().message));
    QCOMPARE(result.error().domain, ErrorDomain::Io);
}

void TestStatusImport::importsOwnJson_data()
{
    QTest::addColumn<QString>("sample");
    for (const QString &sample : dsregcmdSamples())
        QTest::newRow(qPrintable(sample)) << sample;
}

void TestStatusImport::importsOwnJson()
{
    QFETCH(QString, sample);
    const Result<StatusSnapshot> text = StatusImport::fromBytes(readDsregcmdSample(sample), sample);
    QVERIFY(text);

    // The CLI contract JSON: same sections and values (field order follows JSON's sorting).
    const Result<StatusSnapshot> contract =
        StatusImport::fromBytes(StatusJson::toDsregJson(*text), u"contract.json"_s);
    QVERIFY2(contract, qPrintable(contract ? QString() : contract.error().message));
    QCOMPARE(contract->origin.kind, SourceKind::StatusJson);
    QCOMPARE(contract->sections().size(), text->sections().size());
    for (const StatusSection &section : text->sections()) {
        const StatusSection *back = contract->section(section.title);
        QVERIFY2(back, qPrintable(section.title));
        // Every printed value comes back (a repeated key as "Key (2)").
        QStringList before, after;
        for (const StatusField &field : section.fields)
            before << field.value;
        for (const StatusField &field : back->fields)
            after << field.value;
        before.sort();
        after.sort();
        QCOMPARE(after, before);
    }

    // The lossless document keeps everything, in order.
    const QByteArray document = QJsonDocument(StatusJson::toDocument(*text)).toJson();
    const Result<StatusSnapshot> lossless = StatusImport::fromBytes(document, u"doc.json"_s);
    QVERIFY(lossless);
    QVERIFY(lossless->hasSameContent(*text));
}

void TestStatusImport::recordsOrigin()
{
    const Result<StatusSnapshot> result = StatusImport::fromFile(
        dsregcmdSampleDir() + u"/14-azuredocs-issue-48791-not-joined-wamdefaultset-error-partial.txt"_s);
    QVERIFY(result);
    QCOMPARE(result->origin.kind, SourceKind::DsregcmdText);
    QCOMPARE(result->origin.layout, StatusLayout::Current);
    QVERIFY(result->origin.label.endsWith(u"partial.txt"_s));
    QVERIFY(result->origin.loadedAt.isValid());
    QVERIFY(result->origin.unplacedLines.contains(u"C:\\> dsregcmd /status"_s));
}

QTEST_GUILESS_MAIN(TestStatusImport)
#include "tst_statusimport.moc"
