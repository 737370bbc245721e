#pragma once

#include <QString>

namespace Entra::Bundle {

// The stylesheet inlined into report.html: light, readable on screen, and printable (no
// navigation, no shadows, colours kept, cards not split across pages).
QString reportStyleSheet();

} // namespace Entra::Bundle
