#pragma once

#include <QString>
#include <QStringView>

namespace Entra::Bundle::Html {

// Text for an HTML element or a quoted attribute: & < > " ' become entities, and control
// characters other than tab and line breaks (which HTML cannot carry) are dropped.
QString escape(QStringView text);

// At most `maxChars` characters, with "…" when cut.
QString truncated(const QString &text, qsizetype maxChars);

} // namespace Entra::Bundle::Html
