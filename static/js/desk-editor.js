// The admin's rich-text editor (articles/editor.py): its editable area is named after the
// field's label, and described by the field's help text, as the textarea it replaces was.
function nameEditors() {
  for (const area of document.querySelectorAll(".prose-editor [contenteditable]")) {
    const textarea = area.closest(".prose-editor").querySelector("textarea");
    if (!textarea || area.hasAttribute("aria-label")) continue;
    const label = document.querySelector(`label[for="${textarea.id}"]`);
    if (label) area.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
    const help = textarea.getAttribute("aria-describedby");
    if (help) area.setAttribute("aria-describedby", help);
    area.setAttribute("aria-multiline", "true");
  }
}

new MutationObserver(nameEditors).observe(document.body, { childList: true, subtree: true });
nameEditors();
