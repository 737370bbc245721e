#include "dsregcmdwriter.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

constexpr qsizetype kBoxWidth = 72;
constexpr qsizetype kKeyColumn = 26;

} // namespace

QString DsregcmdWriter::write(const StatusSnapshot &snapshot)
{
    const QString rule = u'+' + QString(kBoxWidth - 2, u'-') + u"+\n"_s;
    QString out;
    for (const StatusSection &section : snapshot.sections()) {
        out += rule;
        out += u"| "_s + section.title.leftJustified(kBoxWidth - 3) + u"|\n"_s;
        out += rule;
        out += u'\n';
        for (const StatusField &field : section.fields) {
            out += field.key.rightJustified(kKeyColumn) + u" :"_s;
            if (!field.value.isEmpty())
                out += u' ' + field.value;
            out += u'\n';
        }
        out += u'\n';
    }
    out += u"For more information, please visit https://www.microsoft.com/aadjerrors\n"_s;
    return out;
}

} // namespace Entra
