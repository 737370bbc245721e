#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace Entra {

// "[ 2019-01-11 21:02:50.000 UTC -- 2029-01-11 21:32:50.000 UTC ]"
struct CertificateValidity
{
    QDateTime notBefore;
    QDateTime notAfter;

    friend bool operator==(const CertificateValidity &, const CertificateValidity &) = default;
};

// "PASS", "FAIL [0x801c0021/0x801c000c]", "SKIPPED", "PASSED", "FAILED"
struct TestOutcome
{
    enum class Kind { Pass, Fail, Skipped, Other };
    Kind kind = Kind::Other;
    QList<quint32> codes; // HRESULTs in brackets, outer first
    QString text;         // the value as printed

    friend bool operator==(const TestOutcome &, const TestOutcome &) = default;
};

// Reading and writing the value grammars dsregcmd prints (DSREGCMD.md §2.2 item 5).
namespace StatusValue {

std::optional<bool> parseYesNo(QStringView text);
std::optional<QDateTime> parseTime(QStringView text);
std::optional<CertificateValidity> parseValidity(QStringView text);
TestOutcome parseTest(QStringView text);
// Every 0x-prefixed 32-bit code in a value, in order: "FAIL [0x801c0021/0x80072ee2]" gives two.
QList<quint32> codesIn(QStringView text);

QString formatYesNo(bool value);
QString formatTime(const QDateTime &time);
QString formatValidity(const CertificateValidity &validity);
QString formatTest(const TestOutcome &outcome);
QString formatCode(quint32 code); // "0x801c0021", lower case as dsregcmd prints HRESULTs

} // namespace StatusValue
} // namespace Entra
