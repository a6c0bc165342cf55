// The staff editor's widget for a dated value (sitegen/admin.py): the
// parameter {reference, values: {YYYY-MM-DD: value | {value, reference}}}
// edited as rows of date, value and reference. Decap CMS (loaded before this
// classic script) provides CMS, h and createClass; no build step.
//
// A row is written back in the form it was read: the first value's reference
// stays the parameter's own `reference` when it was written there, a later
// value carries its own reference as {value, reference}. Rows are kept in
// date order; a row nobody changed is written exactly as it was read.
(function () {
  "use strict";
  var DATE = /^\d{4}-\d{2}-\d{2}$/;

  function plain(value) {
    return value && typeof value.toJS === "function" ? value.toJS() : value;
  }

  // The parameter as rows: [{date, value, reference, original}].
  function rows(parameter) {
    var p = plain(parameter) || {};
    var values = p.values || {};
    return Object.keys(values).sort().map(function (date, index) {
      var entry = values[date];
      var own = entry !== null && typeof entry === "object" && !Array.isArray(entry) && "value" in entry;
      return {
        date: date,
        value: own ? entry.value : entry,
        reference: own ? entry.reference || "" : index === 0 ? p.reference || "" : "",
        original: entry,
      };
    });
  }

  function text(value) {
    if (value === undefined || value === null) return "";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function parsed(kind, raw) {
    if (kind === "number") {
      var t = String(raw).trim();
      return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
    }
    return raw;
  }

  var Control = createClass({
    getInitialState: function () {
      return { rows: rows(this.props.value) };
    },

    kind: function () {
      return this.props.field.get("value_kind") || "text";
    },

    // Write the rows back as the parameter, in the form it was read.
    commit: function (next) {
      this.setState({ rows: next });
      var value = this.props.value;
      var IMap = value && value.constructor && value.set ? value.constructor : null;
      var hadTop = Boolean(plain(value) && plain(value).reference);
      var firstDate = next.length ? next.slice().sort(function (a, b) { return a.date < b.date ? -1 : 1; })[0].date : null;
      var top = null;
      var values = IMap ? IMap() : {};
      next.slice().sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; })
        .forEach(function (row) {
          var entry;
          if (hadTop && row.date === firstDate) {
            top = row.reference;
            entry = row.value;
          } else if (row.reference) {
            var original = plain(row.original);
            var same = original && typeof original === "object" && original.value === row.value &&
              original.reference === row.reference;
            entry = same ? row.original : IMap ? IMap({ value: row.value, reference: row.reference }) : { value: row.value, reference: row.reference };
          } else {
            entry = row.value;
          }
          values = IMap ? values.set(row.date, entry) : Object.assign(values, { [row.date]: entry });
        });
      if (IMap) {
        var out = value.set("values", values);
        out = hadTop ? out.set("reference", top) : out;
        this.props.onChange(out);
      } else {
        var obj = { values: values };
        if (hadTop) obj = { reference: top, values: values };
        this.props.onChange(obj);
      }
    },

    update: function (index, key, raw) {
      var next = this.state.rows.map(function (row, i) {
        if (i !== index) return row;
        var changed = Object.assign({}, row);
        changed[key] = raw;
        return changed;
      });
      var kind = this.kind();
      if (key === "value") next[index].value = parsed(kind, raw);
      this.commit(next);
    },

    add: function () {
      var last = this.state.rows[this.state.rows.length - 1];
      var next = this.state.rows.concat([{
        date: "", value: last ? last.value : "", reference: "", original: undefined,
      }]);
      this.setState({ rows: next });
    },

    remove: function (index) {
      this.commit(this.state.rows.filter(function (_, i) { return i !== index; }));
    },

    isValid: function () {
      var seen = {};
      var kind = this.kind();
      var rowsNow = this.state.rows;
      for (var i = 0; i < rowsNow.length; i++) {
        var row = rowsNow[i];
        if (!DATE.test(row.date)) {
          return { error: { message: "Write each date as YYYY-MM-DD, for example 2027-07-01." } };
        }
        if (seen[row.date]) return { error: { message: "Two values take effect on " + row.date + ": keep one." } };
        seen[row.date] = true;
        if (kind === "number" && typeof row.value !== "number") {
          return { error: { message: "The value of " + row.date + " must be a number, such as 75 (no currency sign)." } };
        }
        if (i > 0 && !row.reference) {
          return { error: { message: "The value from " + row.date + " needs its own reference: where is it published (for example: Board decision of 2026-09-12)?" } };
        }
      }
      return true;
    },

    render: function () {
      var self = this;
      var id = this.props.forID;
      var kind = this.kind();
      var head = h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "From (YYYY-MM-DD)"),
        h("th", { scope: "col" }, "Value"),
        h("th", { scope: "col" }, "Reference (where it is published)"),
        h("th", { scope: "col" }, h("span", { className: "dated-hidden" }, ""))));
      var body = h("tbody", {}, this.state.rows.map(function (row, index) {
        var n = index + 1;
        var valueCell;
        if (kind === "boolean") {
          valueCell = h("input", {
            type: "checkbox", checked: Boolean(row.value), "aria-label": "Value " + n + ": yes",
            onChange: function (e) { self.update(index, "value", e.target.checked); },
          });
        } else if (kind === "table") {
          valueCell = h("span", { className: "dated-table" }, text(row.value).slice(0, 120) +
            " (a table: edit it in the file)");
        } else {
          valueCell = h("input", {
            type: "text", value: text(row.value), inputMode: kind === "number" ? "decimal" : "text",
            "aria-label": "Value " + n, "data-dated": "value",
            onChange: function (e) { self.update(index, "value", e.target.value); },
          });
        }
        return h("tr", { key: index, "data-row": String(index) },
          h("td", { className: "dated-date", "data-label": "From (YYYY-MM-DD)" }, h("input", {
            type: "text", value: row.date, placeholder: "2027-07-01", inputMode: "numeric",
            id: index === 0 ? id : undefined, "aria-label": "Value " + n + " from (YYYY-MM-DD)",
            "data-dated": "date",
            onChange: function (e) { self.update(index, "date", e.target.value.trim()); },
          })),
          h("td", { className: "dated-value", "data-label": "Value" }, valueCell),
          h("td", { className: "dated-reference", "data-label": "Reference" }, h("input", {
            type: "text", value: row.reference, "aria-label": "Value " + n + " reference",
            "data-dated": "reference", placeholder: index ? "Board decision of 2026-09-12" : "",
            onChange: function (e) { self.update(index, "reference", e.target.value); },
          })),
          h("td", { className: "dated-remove" }, index === 0 ? null : h("button", {
            type: "button", "aria-label": "Remove the value from " + (row.date || "this row"),
            onClick: function () { self.remove(index); },
          }, "Remove")));
      }));
      return h("div", { className: "dated " + (this.props.classNameWrapper || "") },
        h("table", {}, head, body),
        h("button", { type: "button", onClick: this.add, "data-dated": "add" },
          "Add a value from a new date"),
        h("p", { className: "dated-note" },
          "A value applies from its date until the next one. To announce a change, add a row " +
          "with the future date, the new value and where it is published; the site shows it " +
          "from that date."));
    },
  });

  var Preview = createClass({
    render: function () {
      return h("ul", {}, rows(this.props.value).map(function (row) {
        return h("li", { key: row.date }, row.date + ": " + text(row.value) +
          (row.reference ? " (" + row.reference + ")" : ""));
      }));
    },
  });

  CMS.registerWidget("dated", Control, Preview);
})();
